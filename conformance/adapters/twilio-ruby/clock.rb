# frozen_string_literal: true

# Frozen clock: twilio-ruby reads Time.now (jwt.rb, access_token.rb); ruby-jwt's encode reads no
# clock. Time.new without arguments is frozen too, for good measure.

module FrozenClock
  class << self
    attr_accessor :at # a Rational or Numeric number of seconds, or nil for the real clock
  end

  module TimeHook
    def now(*args, **kw)
      t = FrozenClock.at
      return super if t.nil?

      kw.empty? ? Time.at(t) : Time.at(t, **kw)
    end

    def new(*args, **kw)
      return super unless args.empty? && kw.empty? && !FrozenClock.at.nil?

      now
    end
  end
end
Time.singleton_class.prepend(FrozenClock::TimeHook)

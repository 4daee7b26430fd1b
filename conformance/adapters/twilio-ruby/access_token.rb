# frozen_string_literal: true

# access_token: AccessToken and its grants, built as the case says (add_grant, the constructor, or both).

GRANTS = {
  'voice' => AT::VoiceGrant, 'video' => AT::VideoGrant, 'chat' => AT::ChatGrant,
  'sync' => AT::SyncGrant, 'task_router' => AT::TaskRouterGrant, 'playback' => AT::PlaybackGrant
}.freeze

# A grant: Grant.new, then its option writers (options and setAfter are both plain writers in Ruby,
# and the token holds the same object, so setting them before or after add_grant is the same).
def compile_grant(spec, where)
  check_keys!(spec, %w[type options setAfter], where)
  klass = GRANTS[spec['type']] or raise Skip, "#{where}.type #{spec['type'].inspect} is not a twilio-ruby grant"
  writers = []
  writers += compile_writers(klass, spec['options'], "#{where}.options") if spec.key?('options')
  writers += compile_writers(klass, spec['setAfter'], "#{where}.setAfter") if spec.key?('setAfter')
  lambda do
    grant = klass.new
    writers.each { |w| w.call(grant) }
    grant
  end
end

def compile_grant_list(list, where)
  raise Skip, "#{where} is not an array" unless list.is_a?(Array)

  list.each_with_index.map { |g, i| compile_grant(g, "#{where}[#{i}]") }
end

def compile_access_token(input)
  check_keys!(input, %w[accountSid keySid secret identity ttl nbf region validUntil algorithm grants
                        grantsVia constructorGrants setAfter extraToJwtCalls], 'input')
  via = input.fetch('grantsVia', 'add_grant')
  # A grants value that is no list can still be handed to the constructor as it is.
  raw = via == 'constructor' && input.key?('grants') && !input['grants'].is_a?(Array)
  grants = input.key?('grants') && !raw ? compile_grant_list(input['grants'], 'input.grants') : []
  in_constructor =
    case via
    when 'add_grant' then 0
    when 'constructor' then grants.size
    when 'mixed'
      n = input['constructorGrants']
      raise Skip, 'grantsVia "mixed" needs an integer constructorGrants' unless n.is_a?(Integer) && n.between?(0, grants.size)

      n
    else raise Skip, "grantsVia #{via.inspect} is not modelled"
    end
  raise Skip, 'constructorGrants is only meaningful with grantsVia "mixed"' if input.key?('constructorGrants') && via != 'mixed'

  pass_array = via != 'add_grant'
  args = positional(input, %w[accountSid keySid secret])
  kw = keywords(input, %w[identity region] + CONSTRUCTOR_KEYWORDS)
  grants_list = ->(v, w) { v.is_a?(Array) ? compile_grant_list(v, w).then { |gs| -> { gs.map(&:call) } } : -> { v } }
  writers = input.key?('setAfter') ? compile_writers(AT, input['setAfter'], 'input.setAfter', 'grants' => grants_list) : []
  extra = compile_extra_calls(input)

  lambda do
    objects = grants.map(&:call)
    # grants is the optional 4th positional; it only follows a complete set of the first three.
    ctor_args = pass_array && args.size == 3 ? args + [raw ? input['grants'] : objects.first(in_constructor)] : args
    token = AT.new(*ctor_args, **kw)
    objects.drop(pass_array ? in_constructor : 0).each { |g| token.add_grant(g) }
    finish(token, writers, extra)
  end
end

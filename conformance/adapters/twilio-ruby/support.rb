# frozen_string_literal: true

# Reading the case. Compilation walks the whole input first and raises Skip for anything the
# adapter cannot express; it returns a lambda that then only calls the library.

class Skip < StandardError; end

def snake(name)
  name.gsub(/[A-Z]/) { |c| "_#{c.downcase}" }
end

def check_keys!(hash, allowed, where)
  raise Skip, "#{where} is not an object" unless hash.is_a?(Hash)

  extra = hash.keys - allowed
  raise Skip, "unrecognised input key #{where}.#{extra.first}" unless extra.empty?
end

# Positional arguments: the required ones stop at the first absent key, so that Ruby itself
# raises the arity error. An absent optional argument followed by a present one is passed as its
# default, which in Ruby means the same as leaving it out.
def positional(hash, required, optional = [])
  args = []
  required.each do |name|
    return args unless hash.key?(name)

    args << hash[name]
  end
  last = optional.rindex { |name, _| hash.key?(name) }
  return args if last.nil?

  optional[0..last].each { |name, default| args << (hash.key?(name) ? hash[name] : default.call) }
  args
end

# Keyword arguments: each present key becomes its snake_case keyword (null passes nil).
def keywords(hash, names)
  names.each_with_object({}) { |n, kw| kw[snake(n).to_sym] = hash[n] if hash.key?(n) }
end

CONSTRUCTOR_KEYWORDS = %w[nbf ttl validUntil algorithm].freeze # algorithm: Ruby rejects it

# setAfter {camelCaseAttr: value}: the object's own writers, in the order written. A key with no
# public writer on the object is something this library cannot do.
def compile_writers(klass, set_after, where, convert = {})
  raise Skip, "#{where} is not an object" unless set_after.is_a?(Hash)

  set_after.map do |key, value|
    writer = "#{snake(key)}="
    raise Skip, "#{where}.#{key}: #{klass} has no writer #{writer}" unless klass.public_method_defined?(writer)

    build = convert[key] ? convert[key].call(value, "#{where}.#{key}") : -> { value }
    ->(obj) { obj.public_send(writer, build.call) }
  end
end

def compile_extra_calls(input)
  return 0 unless input.key?('extraToJwtCalls')

  n = input['extraToJwtCalls']
  raise Skip, "extraToJwtCalls must be a non-negative integer, got #{n.inspect}" unless n.is_a?(Integer) && n >= 0

  n
end

# Builds the token object, runs the recorded calls, and returns the final to_jwt.
def finish(token, writers, extra_calls)
  writers.each { |w| w.call(token) }
  extra_calls.times { token.to_jwt }
  token.to_jwt
end

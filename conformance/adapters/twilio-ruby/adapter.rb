# frozen_string_literal: true

# Adapter for twilio-ruby: puts the real library's JWT helpers behind protocol v1
# (conformance/protocol/PROTOCOL.md). It speaks the oracle's ruby input vocabulary
# (shared/research/ruby-spec.md §6) and leaves every rejection to the library itself.
#
#   ruby adapter.rb [--lib DIR]
#
# With --lib, twilio-ruby is loaded from DIR (its `lib` folder); otherwise from the installed gem.

require 'json'

# One line per response on the real stdout; anything else anyone prints goes to stderr.
OUT = $stdout
OUT.binmode
OUT.sync = true
$stdout = $stderr
$stdin.binmode

# String#inspect (used by the library for nested client params) escapes non-ASCII characters when
# the locale is not UTF-8; the recorded cases were made in a UTF-8 locale, so pin it.
verbose, $VERBOSE = $VERBOSE, nil
Encoding.default_external = Encoding::UTF_8
Encoding.default_internal = nil
$VERBOSE = verbose

# ------------------------------------------------------------------------------------------------
# Loading

def load_failure(detail)
  warn <<~MSG
    twilio-ruby adapter: cannot load twilio-ruby (#{detail}).
    Get it either way:
      gem install twilio-ruby            (then run without --lib), or
      git clone https://github.com/twilio/twilio-ruby && cd twilio-ruby &&
        mkdir -p /tmp/twilio-ruby && git archive HEAD lib | tar -x -C /tmp/twilio-ruby
      and run: ruby adapter.rb --lib /tmp/twilio-ruby/lib
    It also needs the jwt gem (gem install jwt, or Debian's ruby-jwt).
  MSG
  exit 3
end

lib_dir = nil
args = ARGV.dup
until args.empty?
  arg = args.shift
  case arg
  when '--lib' then lib_dir = args.shift or load_failure('--lib needs a directory')
  when /\A--lib=(.*)\z/ then lib_dir = Regexp.last_match(1)
  else
    warn "twilio-ruby adapter: unknown argument #{arg}"
    exit 2
  end
end

begin
  if lib_dir
    lib_dir = File.expand_path(lib_dir)
    entry = File.join(lib_dir, 'twilio-ruby.rb')
    load_failure("no twilio-ruby.rb in #{lib_dir}") unless File.file?(entry)
    # The entry point requires its own files by load path, so the folder must come first.
    $LOAD_PATH.unshift(lib_dir)
    require entry
  else
    require 'twilio-ruby'
  end
  # Twilio::JWT and its classes are autoloaded and only then require 'jwt': touch them now so a
  # missing ruby-jwt is reported here, not as a failure of the first case.
  [Twilio::JWT::AccessToken, Twilio::JWT::ClientCapability, Twilio::JWT::TaskRouterCapability]
rescue LoadError => e
  load_failure(e.message)
end

AT = Twilio::JWT::AccessToken
CC = Twilio::JWT::ClientCapability
TR = Twilio::JWT::TaskRouterCapability

# Where the library's code lives: an exception with a frame in one of these was raised by the
# library (or by Ruby on its behalf), anything else is a bug of this adapter.
LIBRARY_DIRS = [
  File.dirname(Twilio::JWT::BaseJWT.instance_method(:to_jwt).source_location[0], 2),
  File.dirname(JWT.method(:encode).source_location[0])
].map { |d| File.expand_path(d) + File::SEPARATOR }.freeze

# ------------------------------------------------------------------------------------------------
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

# ------------------------------------------------------------------------------------------------
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

# --- access_token --------------------------------------------------------------------------------

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

# --- client_capability ---------------------------------------------------------------------------

def compile_scope(spec, where)
  raise Skip, "#{where} is not an object" unless spec.is_a?(Hash)

  case spec['type']
  when 'incoming'
    check_keys!(spec, %w[type clientName], where)
    args = positional(spec, %w[clientName])
    -> { CC::IncomingClientScope.new(*args) }
  when 'outgoing'
    check_keys!(spec, %w[type applicationSid clientName params], where)
    args = positional(spec, %w[applicationSid], [['clientName', -> {}], ['params', -> { {} }]])
    -> { CC::OutgoingClientScope.new(*args) }
  when 'event_stream'
    check_keys!(spec, %w[type filters], where)
    args = positional(spec, [], [['filters', -> { {} }]])
    -> { CC::EventStreamScope.new(*args) }
  else
    raise Skip, "#{where}.type #{spec['type'].inspect} is not a twilio-ruby scope"
  end
end

def compile_scope_list(list, where)
  raise Skip, "#{where} is not an array" unless list.is_a?(Array)

  list.each_with_index.map { |s, i| compile_scope(s, "#{where}[#{i}]") }
end

def compile_client_capability(input)
  check_keys!(input, %w[accountSid authToken ttl nbf validUntil algorithm scopes scopesVia setAfter
                        extraToJwtCalls], 'input')
  via = input.fetch('scopesVia', 'add_scope')
  raise Skip, "scopesVia #{via.inspect} is not modelled" unless %w[add_scope constructor].include?(via)

  # A scopes value that is no list can still be handed to the constructor as it is.
  raw = via == 'constructor' && input.key?('scopes') && !input['scopes'].is_a?(Array)
  scopes = input.key?('scopes') && !raw ? compile_scope_list(input['scopes'], 'input.scopes') : []

  args = positional(input, %w[accountSid authToken])
  kw = keywords(input, CONSTRUCTOR_KEYWORDS)
  scope_list = ->(v, w) { v.is_a?(Array) ? compile_scope_list(v, w).then { |ss| -> { ss.map(&:call) } } : -> { v } }
  writers = input.key?('setAfter') ? compile_writers(CC, input['setAfter'], 'input.setAfter', 'scopes' => scope_list) : []
  extra = compile_extra_calls(input)

  lambda do
    objects = scopes.map(&:call)
    if via == 'constructor'
      token = CC.new(*args, **kw, scopes: raw ? input['scopes'] : objects)
    else
      token = CC.new(*args, **kw)
      objects.each { |s| token.add_scope(s) }
    end
    finish(token, writers, extra)
  end
end

# --- taskrouter_capability -----------------------------------------------------------------------

UTILS = TR::TaskRouterUtils
# The URL builders of TaskRouterUtils; the two that return policies are helpers of their own.
URL_HELPERS = (UTILS.singleton_methods(false) - %i[web_socket_policies worker_policies]).map(&:to_s).freeze

def compile_args(spec, where)
  return [] unless spec.key?('args')
  raise Skip, "#{where}.args is not an array" unless spec['args'].is_a?(Array)

  spec['args']
end

def compile_policy(spec, where)
  raise Skip, "#{where} is not an object" unless spec.is_a?(Hash)

  if spec.key?('policyArgs')
    check_keys!(spec, %w[policyArgs], where)
    args = spec['policyArgs']
    raise Skip, "#{where}.policyArgs is not an array" unless args.is_a?(Array)

    return -> { TR::Policy.new(*args) }
  end

  check_keys!(spec, %w[url urlHelper method allow postFilter queryFilter], where)
  raise Skip, "#{where} has both url and urlHelper" if spec.key?('url') && spec.key?('urlHelper')

  url =
    if spec.key?('urlHelper')
      helper = spec['urlHelper']
      check_keys!(helper, %w[call args], "#{where}.urlHelper")
      name = helper['call']
      raise Skip, "#{where}.urlHelper.call #{name.inspect} is not a TaskRouterUtils URL helper" unless URL_HELPERS.include?(name)

      helper_args = compile_args(helper, "#{where}.urlHelper")
      -> { UTILS.public_send(name, *helper_args) }
    elsif spec.key?('url')
      -> { spec['url'] }
    end
  # Policy.new(url, method, allowed, post_filters = {}, query_filters = {}). The url is worked out
  # when the policy is built, since a urlHelper call is one step of the recorded call sequence.
  rest = positional(spec, %w[method allow], [['postFilter', -> { {} }], ['queryFilter', -> { {} }]])
  url ? -> { TR::Policy.new(url.call, *rest) } : -> { TR::Policy.new }
end

def compile_helper(spec, where)
  raise Skip, "#{where} is not an object" unless spec.is_a?(Hash)

  case spec['call']
  when 'add_policy'
    check_keys!(spec, %w[call policy], where)
    raise Skip, "#{where} has no policy" unless spec.key?('policy')

    policy = compile_policy(spec['policy'], "#{where}.policy")
    ->(cap) { cap.add_policy(policy.call) }
  when 'add_worker_policies', 'add_web_socket_policies'
    check_keys!(spec, %w[call args], where)
    args = compile_args(spec, where)
    source = spec['call'] == 'add_worker_policies' ? :worker_policies : :web_socket_policies
    # The library only returns these lists; adding each one is the caller's job.
    ->(cap) { UTILS.public_send(source, *args).each { |p| cap.add_policy(p) } }
  when 'to_jwt'
    check_keys!(spec, %w[call], where)
    ->(cap) { cap.to_jwt }
  else
    raise Skip, "#{where}.call #{spec['call'].inspect} is not a twilio-ruby TaskRouterCapability call"
  end
end

def compile_taskrouter_capability(input)
  # policies[] only records what the helpers added; it is informative.
  check_keys!(input, %w[accountSid authToken workspaceSid channelId ttl nbf validUntil algorithm helpers
                        policies setAfter extraToJwtCalls], 'input')
  helpers = input.fetch('helpers', [])
  raise Skip, 'input.helpers is not an array' unless helpers.is_a?(Array)

  calls = helpers.each_with_index.map { |h, i| compile_helper(h, "input.helpers[#{i}]") }
  args = positional(input, %w[accountSid authToken workspaceSid channelId])
  kw = keywords(input, CONSTRUCTOR_KEYWORDS)
  writers = input.key?('setAfter') ? compile_writers(TR, input['setAfter'], 'input.setAfter') : []
  extra = compile_extra_calls(input)

  lambda do
    cap = TR.new(*args, **kw)
    calls.each { |c| c.call(cap) }
    finish(cap, writers, extra)
  end
end

COMPILERS = {
  'access_token' => method(:compile_access_token),
  'client_capability' => method(:compile_client_capability),
  'taskrouter_capability' => method(:compile_taskrouter_capability)
}.freeze

# ------------------------------------------------------------------------------------------------
# Running a case

def library_error?(error)
  paths = (error.backtrace_locations || []).map { |l| l.absolute_path || l.path }
  paths = (error.backtrace || []).map { |l| l.split(':', 2).first } if paths.empty?
  paths.compact.any? { |p| LIBRARY_DIRS.any? { |d| File.expand_path(p).start_with?(d) } }
end

# The message as Ruby builds it, without the error_highlight / did_you_mean additions that
# Ruby 3.1 appends to NameError#message.
def plain_message(error)
  error.is_a?(NameError) ? Exception.instance_method(:to_s).bind_call(error) : error.message
end

def clock_for(kase)
  if kase.key?('nowMs')
    ms = kase['nowMs']
    raise Skip, 'nowMs is not a number' unless ms.is_a?(Numeric)

    Rational(ms) / 1000
  else
    now = kase['now']
    raise Skip, 'now is not a number' unless now.is_a?(Numeric)

    now.is_a?(Float) ? Rational(now) : now
  end
end

def run_case(kase)
  compiler = COMPILERS[kase['family']]
  return { 'skipped' => { 'reason' => "family #{kase['family'].inspect} is not in twilio-ruby" } } unless compiler

  begin
    job = compiler.call(kase['input'])
    clock = clock_for(kase)
  rescue Skip => e
    return { 'skipped' => { 'reason' => e.message } }
  end

  FrozenClock.at = clock
  begin
    { 'output' => { 'token' => job.call } }
  rescue StandardError, ScriptError => e # ScriptError: the library raises NotImplementedError
    raise unless library_error?(e)

    { 'output' => { 'error' => { 'type' => e.class.name, 'message' => plain_message(e) } } }
  ensure
    FrozenClock.at = nil
  end
end

def implementation
  { 'version' => 1,
    'implementation' => { 'name' => 'twilio-ruby', 'version' => Twilio::VERSION, 'language' => 'ruby',
                          'profile' => 'ruby', 'families' => COMPILERS.keys } }
end

def reply(message)
  line =
    begin
      JSON.generate(message)
    rescue JSON::GeneratorError, Encoding::UndefinedConversionError
      # An error message carrying bytes that are not UTF-8 (from the input): keep it readable.
      JSON.generate(scrub(message))
    end
  OUT.write(line, "\n")
end

def scrub(value)
  case value
  when Hash then value.to_h { |k, v| [scrub(k), scrub(v)] }
  when Array then value.map { |v| scrub(v) }
  when String then value.dup.force_encoding(Encoding::UTF_8).scrub
  else value
  end
end

# A request json cannot read still gets its answer, under the seq it most likely carries. json 2.6.1
# rejects a lone high surrogate escape ("\ud800" not followed by another \u escape): no Ruby program
# reading this JSON could build such a case, so it is skipped rather than counted as a failure.
def unreadable(line, error)
  seq = line[/"seq"\s*:\s*(-?\d+)/, 1]&.to_i
  message = "#{error.class}: #{error.message}"
  if error.message.include?('surrogate')
    { 'seq' => seq, 'skipped' => { 'reason' => "json #{JSON::VERSION} cannot read this request: #{message}" } }
  else
    { 'seq' => seq, 'errored' => { 'message' => message } }
  end
end

# An unpaired high surrogate escape (an even run of backslashes, then \uD800-\uDBFF not followed by a
# low surrogate escape). json 2.6.1 either rejects it or, with six or more bytes left in the string,
# writes '?' and silently drops the next byte: no Ruby program receives the string the case describes.
LONE_HIGH_SURROGATE = /(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})/

$stdin.each_line do |line|
  line = line.force_encoding(Encoding::UTF_8)
  next if line.strip.empty?

  if line.include?('"run"') && line.match?(LONE_HIGH_SURROGATE)
    seq = line[/"seq"\s*:\s*(-?\d+)/, 1]&.to_i
    reply({ 'seq' => seq, 'skipped' => { 'reason' => 'the input holds an unpaired high surrogate, which json ' \
      "#{JSON::VERSION} rejects or rewrites, so Ruby cannot receive this string" } })
    next
  end

  request = nil
  begin
    # JSON.parse keeps key order, Integer vs Float (3600.0) and big integers exactly.
    begin
      request = JSON.parse(line, max_nesting: false)
    rescue JSON::ParserError => e
      reply(unreadable(line, e))
      next
    end
    raise ArgumentError, 'request is not an object' unless request.is_a?(Hash)

    case request['cmd']
    when 'start' then reply(implementation)
    when 'stop' then exit 0
    when 'run'
      kase = request['case']
      raise ArgumentError, 'run request has no case object' unless kase.is_a?(Hash)

      reply({ 'seq' => request['seq'] }.merge(run_case(kase)))
    else
      raise ArgumentError, "unknown cmd #{request['cmd'].inspect}"
    end
  rescue StandardError, ScriptError, SystemStackError => e
    warn "twilio-ruby adapter: #{e.class}: #{e.message}\n  #{Array(e.backtrace).first(8).join("\n  ")}"
    seq = request.is_a?(Hash) ? request['seq'] : nil
    reply({ 'seq' => seq, 'errored' => { 'message' => "#{e.class}: #{plain_message(e)}" } })
  end
end
exit 0

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

# Each family compiles its input in a file of its own beside this one, over the shared readers of
# support.rb and the frozen clock of clock.rb; this file loads the library and runs the protocol loop.
require_relative 'clock'
require_relative 'support'
require_relative 'access_token'
require_relative 'client_capability'
require_relative 'taskrouter_capability'

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

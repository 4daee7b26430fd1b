# frozen_string_literal: true

# Runs the twilio-ruby adapter over every recorded ruby oracle case and compares its answers with
# the recorded outputs: tokens byte for byte, rejections by message (and exception class).
#
#   ruby check_oracle.rb [--lib DIR] [--oracle DIR] [-- ADAPTER COMMAND...]
#
# Defaults: --lib /tmp/twilio-ruby/lib, --oracle /work/shared/oracle/ruby, and the adapter command
# `ruby adapter.rb --lib DIR` next to this file. Exit status 1 on any mismatch or errored case.

require 'json'
require 'base64'
require 'rbconfig'

HERE = __dir__
lib = '/tmp/twilio-ruby/lib'
oracle_dir = '/work/shared/oracle/ruby'
command = nil
args = ARGV.dup
until args.empty?
  case (arg = args.shift)
  when '--lib' then lib = args.shift
  when '--oracle' then oracle_dir = args.shift
  when '--' then command = args.shift(args.size)
  else abort "usage: ruby check_oracle.rb [--lib DIR] [--oracle DIR] [-- ADAPTER COMMAND...] (got #{arg})"
  end
end
command ||= [RbConfig.ruby, File.join(HERE, 'adapter.rb'), '--lib', lib]
TIMEOUT = 30

# --- wire fidelity -------------------------------------------------------------------------------
# The request is regenerated from the parsed case; that is only faithful if parsing and generating
# keep key order, Integer vs Float and big integers. Checked on a probe and on every case.

def same_json?(a, b)
  return false unless a.class == b.class

  case a
  when Hash then a.keys == b.keys && a.all? { |k, v| same_json?(v, b[k]) }
  when Array then a.size == b.size && a.zip(b).all? { |x, y| same_json?(x, y) }
  when Float then a.to_s == b.to_s # also tells -0.0 from 0.0
  else a == b
  end
end

def count_numbers(value, acc)
  case value
  when Hash then value.each_value { |v| count_numbers(v, acc) }
  when Array then value.each { |v| count_numbers(v, acc) }
  when Float then acc[:floats] << value
  when Integer then acc[:bignums] << value unless value.between?(-(2**53), 2**53)
  end
  acc
end

probe = '{"2":1,"b":2,"1":3,"f":3600.0,"g":1.5,"big":100000000000000000000,"neg":-100000000000000000001}'
regenerated = JSON.generate(JSON.parse(probe))
abort "JSON round trip is lossy: #{probe} -> #{regenerated}" unless regenerated == probe

# --- talking to the adapter ----------------------------------------------------------------------

class Adapter
  def initialize(command)
    @io = IO.popen(command, 'r+b') # stderr is inherited: the adapter's logs show up as they come
  end

  def ask(message)
    @io.write(JSON.generate(message), "\n")
    @io.flush
    read_line
  end

  def read_line
    raise "no answer within #{TIMEOUT}s" unless IO.select([@io], nil, nil, TIMEOUT)

    line = @io.gets or raise 'adapter closed its output'
    JSON.parse(line.force_encoding(Encoding::UTF_8))
  end

  def stop
    @io.write(JSON.generate({ 'cmd' => 'stop' }), "\n")
    @io.close_write
    extra = @io.read
    @io.close
    [$?, extra]
  end
end

def segment_text(token, index)
  part = token.to_s.split('.')[index] or return nil
  Base64.urlsafe_decode64(part + '=' * ((4 - part.size % 4) % 4)).force_encoding(Encoding::UTF_8)
rescue ArgumentError
  nil
end

# A short diff: the first differing position in the decoded header or payload, with context.
def short_diff(expected, actual)
  [[0, 'header'], [1, 'payload'], [2, 'signature']].each do |index, name|
    want = index == 2 ? expected.split('.')[2] : segment_text(expected, index)
    got = index == 2 ? actual.to_s.split('.')[2] : segment_text(actual, index)
    next if want == got

    return "#{name}: want #{want.inspect}, got #{got.inspect}" if want.nil? || got.nil?

    at = (0...[want.size, got.size].max).find { |i| want[i] != got[i] }
    from = [at - 30, 0].max
    return "#{name} differs at #{at}: want …#{want[from, 70].inspect}… got …#{got[from, 70].inspect}…"
  end
  'tokens differ'
end

def compare(expected, answer)
  return [:errored, answer['errored']['message']] if answer.key?('errored')
  return [:skipped, answer['skipped']['reason']] if answer.key?('skipped')

  output = answer['output'] or return [:errored, "malformed answer #{JSON.generate(answer)[0, 200]}"]
  if expected.key?('error')
    error = output['error']
    return [:mismatched, "want error #{expected['errorType']}: #{expected['error'].inspect}, got token"] unless error

    problems = []
    problems << "message want #{expected['error'].inspect} got #{error['message'].inspect}" if error['message'] != expected['error']
    problems << "type want #{expected['errorType']} got #{error['type']}" if expected['errorType'] && error['type'] != expected['errorType']
    problems.empty? ? [:matched] : [:mismatched, problems.join('; ')]
  elsif output.key?('error')
    [:mismatched, "want token, got #{output['error']['type']}: #{output['error']['message'].inspect}"]
  elsif output['token'] == expected['token']
    [:matched]
  else
    [:mismatched, short_diff(expected['token'], output['token'])]
  end
end

# --- main ----------------------------------------------------------------------------------------

files = Dir[File.join(oracle_dir, '*.json')].sort
abort "no oracle files in #{oracle_dir}" if files.empty?

adapter = Adapter.new(command)
begin
  hello = adapter.ask({ 'cmd' => 'start', 'version' => 1 })
rescue StandardError => e
  abort "the adapter did not answer start (#{e.message}); command: #{command.join(' ')}"
end
impl = hello['implementation'] || {}
puts "adapter: #{impl['name']} #{impl['version']} (#{impl['language']}, profile #{impl['profile']}), " \
     "families #{Array(impl['families']).join(', ')}"

stats = Hash.new { |h, k| h[k] = Hash.new(0) }
notes = []
numbers = { floats: [], bignums: [] }
seq = 0
files.each do |file|
  JSON.parse(File.read(file, encoding: 'UTF-8'), max_nesting: false)['cases'].each do |kase|
    family = kase['family']
    kase_out = kase.slice('id', 'family', 'now', 'nowMs', 'input')
    request = { 'cmd' => 'run', 'seq' => (seq += 1), 'case' => kase_out }
    line = JSON.generate(request)
    unless same_json?(JSON.parse(line, max_nesting: false)['case']['input'], kase['input'])
      abort "#{kase['id']}: the regenerated input differs from the oracle's"
    end
    count_numbers(kase['input'], numbers)

    answer =
      begin
        adapter.ask(request)
      rescue StandardError => e
        abort "#{kase['id']}: the adapter stopped answering (#{e.class}: #{e.message})"
      end
    status, detail =
      if answer['seq'] != seq then [:errored, "answer for seq #{answer['seq'].inspect}, expected #{seq}"]
      else compare(kase['output'], answer)
      end
    stats[family][status] += 1
    notes << [status, kase['id'], detail] unless status == :matched
  end
end
exit_status, trailing = adapter.stop

puts "inputs carried #{numbers[:floats].size} floats (#{numbers[:floats].uniq.first(6).join(', ')}) and " \
     "#{numbers[:bignums].size} big integers (#{numbers[:bignums].uniq.first(3).join(', ')}), all unchanged"
puts
puts format('%-24s %8s %10s %8s %8s', 'family', 'matched', 'mismatched', 'skipped', 'errored')
totals = Hash.new(0)
stats.each do |family, s|
  puts format('%-24s %8d %10d %8d %8d', family, s[:matched], s[:mismatched], s[:skipped], s[:errored])
  s.each { |k, v| totals[k] += v }
end
puts format('%-24s %8d %10d %8d %8d', 'total', totals[:matched], totals[:mismatched], totals[:skipped], totals[:errored])

%i[mismatched errored skipped].each do |kind|
  list = notes.select { |k, _, _| k == kind }
  next if list.empty?

  puts "\n#{kind}:"
  list.each { |_, id, detail| puts "  #{id}: #{detail}" }
end

problems = []
problems << "adapter exited with #{exit_status.exitstatus.inspect}" unless exit_status.success?
problems << "adapter wrote after stop: #{trailing[0, 200].inspect}" unless trailing.empty?
problems.each { |p| puts "\n#{p}" }
exit(totals[:mismatched].zero? && totals[:errored].zero? && problems.empty? ? 0 : 1)

# frozen_string_literal: true

# taskrouter_capability: TaskRouterCapability and the recorded helper calls that add its policies.

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

# frozen_string_literal: true

# client_capability: ClientCapability and its scopes (add_scope or the constructor).

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

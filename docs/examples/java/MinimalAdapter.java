// A minimal adapter in Java: a hand-written AccessToken port behind protocol v1, with no
// dependencies (JDK 17, run as a single source file):
//
//   npx twilio-jwt-conformance smoke --adapter "java docs/examples/java/MinimalAdapter.java"
//   npx twilio-jwt-conformance run --adapter "java docs/examples/java/MinimalAdapter.java" --families access_token
//
// It declares no profile, so the runner compares it with every profile and reports the one it
// matches best. It covers string identities, integer ttl and nbf, a string region and the video
// and chat grants, writing tokens the way twilio-python lays them out; anything else it skips.
//
// It takes its clock from the case (`now`). An adapter over an SDK that reads the clock itself
// (twilio-java's `new Date()`) cannot pass it in: run the JVM under libfaketime and write each
// case's `nowMs` to its timestamp file first (docs/adapter-guide.md, "A frozen clock").
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class MinimalAdapter {
  /** JSON numbers are kept as their text: the adapter decides what an integer is. */
  record Num(String text) {}

  // ---- a small JSON reader (objects keep their key order) ----
  static final class Reader {
    final String s; int i;
    Reader(String s) { this.s = s; }
    Object value() {
      ws();
      char c = s.charAt(i);
      if (c == '{') { i++; Map<String, Object> m = new LinkedHashMap<>(); ws();
        if (s.charAt(i) == '}') { i++; return m; }
        while (true) { ws(); String k = string(); ws(); i++; m.put(k, value()); ws(); if (s.charAt(i++) == '}') return m; } }
      if (c == '[') { i++; List<Object> l = new ArrayList<>(); ws();
        if (s.charAt(i) == ']') { i++; return l; }
        while (true) { l.add(value()); ws(); if (s.charAt(i++) == ']') return l; } }
      if (c == '"') return string();
      if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
      if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
      if (s.startsWith("null", i)) { i += 4; return null; }
      int start = i; while (i < s.length() && "+-.eE0123456789".indexOf(s.charAt(i)) >= 0) i++;
      return new Num(s.substring(start, i));
    }
    String string() {
      StringBuilder b = new StringBuilder(); i++;
      while (true) { char c = s.charAt(i++);
        if (c == '"') return b.toString();
        if (c != '\\') { b.append(c); continue; }
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> b.append('\n'); case 't' -> b.append('\t'); case 'r' -> b.append('\r');
          case 'b' -> b.append('\b'); case 'f' -> b.append('\f');
          case 'u' -> { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
          default -> b.append(e);
        } }
    }
    void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
  }

  // ---- a JSON writer with ASCII-only output, as Python's json.dumps writes it ----
  static String json(Object v) {
    if (v == null) return "null";
    if (v instanceof String str) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : str.toCharArray()) {
        if (c == '"' || c == '\\') b.append('\\').append(c);
        else if (c == '\n') b.append("\\n"); else if (c == '\t') b.append("\\t"); else if (c == '\r') b.append("\\r");
        else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
        else b.append(c);
      }
      return b.append('"').toString();
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(json(k) + ":" + json(x)));
      return "{" + String.join(",", parts) + "}";
    }
    return v.toString();
  }

  static String b64(byte[] b) { return Base64.getUrlEncoder().withoutPadding().encodeToString(b); }

  static final Map<String, String[][]> GRANTS = Map.of(
      "video", new String[][] {{"room", "room"}},
      "chat", new String[][] {{"serviceSid", "service_sid"}, {"endpointId", "endpoint_id"}, {"deploymentRoleSid", "deployment_role_sid"}, {"pushCredentialSid", "push_credential_sid"}});
  static final Map<String, String> GRANT_KEYS = Map.of("video", "video", "chat", "chat");

  static Map<String, Object> skip(String why) { return Map.of("skipped", Map.of("reason", why)); }

  @SuppressWarnings("unchecked")
  static Map<String, Object> run(Map<String, Object> c) throws Exception {
    if (!"access_token".equals(c.get("family"))) return skip("only access_token");
    Map<String, Object> in = (Map<String, Object>) c.get("input");
    for (String k : in.keySet())
      if (!List.of("accountSid", "keySid", "secret", "identity", "ttl", "nbf", "region", "grants").contains(k)) return skip("unknown key " + k);
    for (String k : List.of("accountSid", "keySid", "secret"))
      if (!(in.get(k) instanceof String)) return skip(k + " must be a string here");
    Object identity = in.get("identity"), region = in.get("region");
    if (identity != null && !(identity instanceof String) || region != null && !(region instanceof String)) return skip("non-string identity or region");
    long now = new BigInteger(((Num) c.get("now")).text()).longValueExact();
    long ttl = 3600;
    if (in.containsKey("ttl")) {
      if (!(in.get("ttl") instanceof Num n) || !n.text().matches("-?\\d{1,15}")) return skip("ttl outside what this port handles");
      ttl = Long.parseLong(n.text());
    }
    // A rejection is an answer too: the runner compares it with what each library raises.
    if (((String) in.get("secret")).isEmpty()) return Map.of("output", Map.of("error", Map.of("type", "IllegalArgumentException", "message", "secret is required")));
    Map<String, Object> grants = new LinkedHashMap<>();
    for (Object go : (List<Object>) in.getOrDefault("grants", List.of())) {
      Map<String, Object> gm = (Map<String, Object>) go;
      String type = (String) gm.get("type");
      if (!GRANTS.containsKey(type)) return skip("grant " + type);
      Map<String, Object> opts = (Map<String, Object>) gm.getOrDefault("options", Map.of());
      Map<String, Object> payload = new LinkedHashMap<>();
      for (String[] f : GRANTS.get(type)) {
        Object v = opts.get(f[0]);
        if (v != null && !(v instanceof String)) return skip("non-string grant option");
        if (v != null && !((String) v).isEmpty()) payload.put(f[1], v);
      }
      grants.put(GRANT_KEYS.get(type), payload);
    }
    if (identity != null && !((String) identity).isEmpty()) grants.put("identity", identity);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("jti", in.get("keySid") + "-" + now);
    claims.put("grants", grants);
    claims.put("iss", in.get("keySid"));
    claims.put("exp", now + ttl);
    if (!in.containsKey("nbf")) claims.put("nbf", now);
    else if (in.get("nbf") instanceof Num n && n.text().matches("-?\\d+")) claims.put("nbf", Long.parseLong(n.text()));
    else if (in.get("nbf") != null) return skip("nbf");
    if (!((String) in.get("accountSid")).isEmpty()) claims.put("sub", in.get("accountSid"));
    Map<String, Object> header = new TreeMap<>(); // sorted keys
    header.put("alg", "HS256"); header.put("cty", "twilio-fpa;v=1"); header.put("typ", "JWT");
    if (region != null && !((String) region).isEmpty()) header.put("twr", region);
    String input = b64(json(header).getBytes(StandardCharsets.UTF_8)) + "." + b64(json(claims).getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(((String) in.get("secret")).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Map.of("output", Map.of("token", input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)))));
  }

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isBlank()) continue;
      Map<String, Object> req = (Map<String, Object>) new Reader(line).value();
      String cmd = (String) req.get("cmd");
      String answer;
      if ("start".equals(cmd)) {
        answer = "{\"version\":1,\"implementation\":{\"name\":\"minimal-java\",\"version\":\"0.1.0\",\"language\":\"java\",\"families\":[\"access_token\"]}}";
      } else if ("run".equals(cmd)) {
        String seq = ((Num) req.get("seq")).text();
        String body;
        try { body = json(run((Map<String, Object>) req.get("case"))); }
        catch (Exception e) { body = json(Map.of("errored", Map.of("message", String.valueOf(e)))); }
        answer = "{\"seq\":" + seq + "," + body.substring(1);
      } else return;
      System.out.println(answer);
      System.out.flush();
    }
  }
}

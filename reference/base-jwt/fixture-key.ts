/**
 * The public half of the RSA key of the recorded validation cases: what the `jwt` family's
 * `keyIsPublicKeyOfFixtureRsa` passes as the key (a fixture, not a secret). It belongs to the
 * family's vocabulary, so it lives here rather than with one library's rules.
 */
export const FIXTURE_RSA_PUBLIC_PEM =
  '-----BEGIN PUBLIC KEY-----\n' +
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvS+UP6YJLEd0EovyI4m+\n' +
  'UnckyPS/KQawPHBLWW/ZiOBId9k4D+qDUSDNdmkWhx5T5tJrSjc12Wx/238wFsl9\n' +
  'u6eKoL3DHc0mEs3PC78VqtMMBLt9d7MfK5/M3Iotnj1y/xFDO4IiNrecT8VUTL+Q\n' +
  'k5wWRrIYTd7TWzzOBj2PmzahVtSNoHXuCqTQiwVc0pr2gqn7q8OlcrOApLLhC1P8\n' +
  'ZJm4OEDS4FIwx9KYG/MPge1t2INb2TiNojSJYmiBE9/vUsWntBFkaWKWQ+yYE/Bo\n' +
  'zJnakO2Z0P1X9G+5TksiDkh8MnkQghJHf6cPUBHImplwUbXFiCt1CVV1BDjUbiZK\n' +
  'JQIDAQAB\n' +
  '-----END PUBLIC KEY-----\n';

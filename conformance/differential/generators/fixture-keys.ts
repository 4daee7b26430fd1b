/**
 * Test keys (fixtures, not secrets). The 2048-bit RSA key is the one of the recorded twilio-python
 * validation cases: generated requests are signed with it, and its public half verifies PS256.
 */
export const FIXTURE_RSA_PRIVATE_PEM =
  '-----BEGIN PRIVATE KEY-----\n' +
  'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC9L5Q/pgksR3QS\n' +
  'i/Ijib5SdyTI9L8pBrA8cEtZb9mI4Eh32TgP6oNRIM12aRaHHlPm0mtKNzXZbH/b\n' +
  'fzAWyX27p4qgvcMdzSYSzc8LvxWq0wwEu313sx8rn8zcii2ePXL/EUM7giI2t5xP\n' +
  'xVRMv5CTnBZGshhN3tNbPM4GPY+bNqFW1I2gde4KpNCLBVzSmvaCqfurw6Vys4Ck\n' +
  'suELU/xkmbg4QNLgUjDH0pgb8w+B7W3Yg1vZOI2iNIliaIET3+9Sxae0EWRpYpZD\n' +
  '7JgT8GjMmdqQ7ZnQ/Vf0b7lOSyIOSHwyeRCCEkd/pw9QEciamXBRtcWIK3UJVXUE\n' +
  'ONRuJkolAgMBAAECggEAI2TUYngIvUz87T9bZMSvY7RAoIwRe3Zx4EzN/ASN+Sqk\n' +
  'xC9Sar/gI3x0lBOjEFJfNg7l3bOokm3XGdSYxZqauFHnAJ2f9GJeHiR8+OCeCCCF\n' +
  '3hjJp2xOh5XU+OmtES7D5e5v2qFFD2GYj+AGHnm0bblE/aLyIxduCWK91LMNu+bR\n' +
  'Ob9WjfelTyLsc6E3eY1fXimGRxkC+U0TvJ2YYGrZFBKpsOBR6cGJ5iHha3WRo8fR\n' +
  'DGn14SVE9cq4ssNq6EWzwQPMLWRg9QYlHAXvqFeksAMAFQnhwLuF+m74JXGkKe09\n' +
  'Fsccmc21HEV+Q+dDAdze0jBd38oKFoxMo2Fot39hnQKBgQDghqndVyocaVEI8LMf\n' +
  'JmK5UfgUSpsKEDbG870gDfJqPljNPsKzCwAMN7tPzbDVglhox/zB/PUIqq2LkG+f\n' +
  '87p2Ixbki7y/wMFI74gstdvzJyqCb4iejIeuSIh0oOOVaH6hquxxPq4mpljhjyTT\n' +
  '2O220ZvuBpU2dqaS4lK4fIWCAwKBgQDXtLLl9dvRJ44Kkl+J7a3fyU2nTyJCGUND\n' +
  '1aNH+T4LhZ1FhDbDe6KeVlf5wEJpkyWXTDghfVKnlVbKwqpRW5j/XKp1C2Fkonf1\n' +
  'XK4r443vJkl9AJgOcU1p6EQrLNsKXs/Icp/IBW+iclEHKRoT8o00r75OWO/W9URF\n' +
  'K1B8mH4etwKBgQCQxgQtlpCutTHtQ9cb1NJ/kF0YKGsD+CR58JwYWSXgX8c+wKMm\n' +
  'c4daWW1MLeNCKMP8/Eb8hrExH2y7uyxexPeMSV/vijLwqcd30gvKWJE0niKI7IX5\n' +
  'RcAPHvHt0fgtVK2ibOX8t1/vx/8zoesrNotBALM8rb302ljaCVkxYAluJQKBgHBy\n' +
  'LmBajkC2EgHI1C0ezek/E1AInJ9AdCREll3KvGFdQeMfTT0Skm9gK3RymSxYHNyG\n' +
  'SyyKHDBoVVpVqFvJGDTmpaVmTVscptQtgE44zaDBoMWdLac5wVVYU1D+jSEW09J2\n' +
  'jnzC+LMCTOMitgl4A8xXYSmOi1jPestkDQ0moXh5AoGBANeH4AOEr/+UsJKOjg3q\n' +
  'RVnbQfes2nTE1Mz4iQpEZXCmpvEK/UgfnJM2PvR6bg/YIndpY579duS038gYAGBU\n' +
  'fYVCU0BiD9ZEibYenEt1mK45GTmaEzqIK9IGaahPQ5VlzhsbvoAvEYZHc5lBWwi+\n' +
  'DRHgWA0ZSb10lpNXfp8lrmeb\n' +
  '-----END PRIVATE KEY-----\n';

/** The SubjectPublicKeyInfo PEM of {@link FIXTURE_RSA_PRIVATE_PEM}: the one the vocabulary's `keyIsPublicKeyOfFixtureRsa` names. */
export { FIXTURE_RSA_PUBLIC_PEM } from '../../../reference/base-jwt/fixture-key.ts';

/** A 1024-bit RSA test key: twilio-node refuses it (2048-bit minimum), PyJWT signs with it. */
export const FIXTURE_RSA_1024_PRIVATE_PEM =
  '-----BEGIN PRIVATE KEY-----\n' +
  'MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAL3+afC+OeDi7mCX\n' +
  'rxLf0hNf5bJ1StxgJ5OPZxurcUopudVcc3naQW8Rpxtndx9TGV5U9vnZyfOgMgir\n' +
  'pCHpM/7idyYcoytZwzCIKKrvdudx6jJDcUUNTtWIcPq7RnINqs10fTTo4LNsa3M6\n' +
  'hvmj8Bs3uUOJS/vuuprit+91i0+RAgMBAAECgYADoeqanLh0kUInfJ7vSHI2xp2Y\n' +
  'pN9yiTAYhSRehg+bcGLKLoNSsBaSLg842eiQI8GXaR5ztnNDAiwSuF1h/Jhu3awU\n' +
  '3NYmE72yaY7ezosST/cCPacMOkRzUkoSs3Ww/ZoHX4yjcTqnIOVVDA2wdQ5vh09p\n' +
  'Q3KVkL1jB6E4xPEWhQJBAOHRHMfxhEitMGTN6JzyRbtymmivaImGHVhgGHUwWN2z\n' +
  'W0BTvECo2In5NWx3bpYflFm4nM4mWfhmWjU6SC5c7/MCQQDXY4bLMPSFyvzRKg8O\n' +
  '6pyY+yBnDx1rvcVRFWFzKJk6yoDLweNVdA2lQ3dXaSF6Uypd6abCiIQRGnrnDgTR\n' +
  'hydrAkBeFiyxuhVt2osxVQG4ctFPGp7vQzaBJloPumo2WaCNLu+0S69CGZevVSBH\n' +
  'QzPWZO4AvATJd/1AnBS13MS6XIq1AkEAug2j6zMflc7xMjC1jzoECXWr2LpKvL3R\n' +
  'iyf/5LzmF83DEb8rA67a9q3fkecjXwol57ekMBhClI+eKKaIbQHlfwJBAJINpBiT\n' +
  'yUtYs0kmra0GqtBRE8cNDBBwE9tazWsr9dSr5NwFmi+TDqrVQ+QcN47QWKx/lNtZ\n' +
  'HBsEGBFSjmTXh+4=\n' +
  '-----END PRIVATE KEY-----\n';

/** A P-256 EC test key: the wrong key type for RS256 and PS256 in both libraries. */
export const FIXTURE_EC_PRIVATE_PEM =
  '-----BEGIN PRIVATE KEY-----\n' +
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg3FmEbS9SPcD66N7N\n' +
  '6F6zXuPdGsmhwpMhiWc1Zh5UoYehRANCAATPb1g93FnF97cyv9J8o76V07XkYp8m\n' +
  '8jlQL55cObwtFPffrLmHNVQznhzPNLcgMOPSjhiFMb7A69CC4qWoq1P5\n' +
  '-----END PRIVATE KEY-----\n';

/** A second 2048-bit RSA test key (the one of the recorded twilio-node validation cases): a wrong key. */
export const FIXTURE_RSA_OTHER_PRIVATE_PEM =
  '-----BEGIN PRIVATE KEY-----\n' +
  'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQD75C2V/F1TKHhm\n' +
  'ECs3hZ6uPeeIYSVus6TiygCce0kxdWFjBXDKm9JL3ll3OTmybE3ot9DnWKYmmfSX\n' +
  'i/y2zGsweQp/kBRdHYVSrQ1n3Q2nISTheXhqZW9T5xLsZVShTO4kmyXvzYwUUedy\n' +
  'zizcOWwnQW7okt6C4pYaH9LbprRAAj1I2PAdUtif4KbTIflkLa1DNJ1rrDmkGLd7\n' +
  'iHMsOgnrfbURVi9EJtFS01f8/pxaOD1OkxuiZfPY+XnHAgusDKTlKL5lxaxxHOiP\n' +
  'Wl0io807c2Fvz8b3pwuLc041TpmM5NgDV6yGUVy9T24lxHi9O/cRaReYQClncDeR\n' +
  'PdSVbhDhAgMBAAECggEAeeUFZGAQP3ZFsUpgx4kLbZF6cmZkiWo4wCD148PLezos\n' +
  '6xDOcNWwElPi4o2YTK4Zk6UkXFfra6G0GgQ9wq4wru/cMzfjit4Gzyf8ZUc1XKvu\n' +
  '34f7TC2TDryzTR+KMVZ7pc5IsP+8qnaqNMXuMpI9Ms/43mZ4dEk3TyQYU4AcGR6m\n' +
  'hp9D0nWS8J1GQc81xGGeOJyl1n7kuUo+c86Ex07f1Ym0oA96P4ZJG6dql/WXPQW0\n' +
  '7a7TlnFRLw0Fk9zT5VtGkeGXKfJ3L7+x9+upkqD+TlqKgAcZ4QJHQJIHAom/LkHF\n' +
  'udiMXpLelSsQeD15NBSyFloklQiDsQVC2npZFp/HswKBgQD/+fwafhcmQhD/ebgE\n' +
  '3EPWfjZldZIbMBpxNN3uAcwj0RBK6chFdXy8bqie9j14rrCBnvec8RSQp/+/fLxG\n' +
  '+dekqnnscFMzpZ5rtQPgZAwfebRMQAN/FUgRreNrV2EfXFmsOlYk5JulUfW5nJWE\n' +
  'rqHtSu6uo3gxQvkG05Knk2aO8wKBgQD76hjoKFdeUa9sVYYANNM2Vhe38B9x2QCx\n' +
  'tMO9kgMhDctcCdcl8qUnDs6fgfjpTe1y9DWcmvmwIXzYL48Xq8KYxuifngnMAOlg\n' +
  'J+q87ksmAcROeSfYswwqyYNQOd+5kCD5yDiEyQnvQuFSc0jUIsQ0ffYaIaowmART\n' +
  'nC4l1g7d2wKBgQDc8/HTBGgDFCAMBgr71w2Phl558aRuZ3VLprCyk0ac3AdOQsIm\n' +
  'gqVrGbHflPm2xEODf66I/+gafYlaxtbWBS9I6gZYOxT2jc1Td2qjNHjqamlhMBhU\n' +
  'iBAvgoO90iz5nwOgkLJvIg3gBAExeKHvZ7ZKV9XzVROYohDG/bWnhKqQVQKBgGc3\n' +
  'D2VvwfxfM6ULlY/YFQIaXDV9KSUYaHRnQBwYCzgr0rqvPXvK42gRZQ9tzXKp/zQu\n' +
  'Yxj7VnqX/fMF6XclZOH7/awIsLLpXLWNJVyrthaoeqo8cdsT4VRWpHrme4goSZqO\n' +
  'MroVNQDXQkLqAVkJtaJcSc2DJZwrbPpk73OJNSYpAoGBALtxFZbMJyUUbO7VGmhI\n' +
  'HMxEcUznrH/GHCAqXNTGrBwQlI6rM72bUN+S3iinWUOPAPDi0EdxiT9ZoiHaC1rU\n' +
  'Hp+vVE2q7VqIOZ4ySUE7Hi59JuauDoT4hu+928l+CDp6Bwt5Ix4CnRI2DGtpas3d\n' +
  '91NR1GoSsI1OqQbKI3RZ9gll\n' +
  '-----END PRIVATE KEY-----\n';

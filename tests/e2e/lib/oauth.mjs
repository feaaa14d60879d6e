// The OAuth names the tests speak (RFC 7521/7523 assertions, RFC 8693 token exchange), in one place.
export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const TOKEN_TYPE = {
  access_token: 'urn:ietf:params:oauth:token-type:access_token',
  refresh_token: 'urn:ietf:params:oauth:token-type:refresh_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
};
export const ACCESS_TOKEN_TYPE = TOKEN_TYPE.access_token;

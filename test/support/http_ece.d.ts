// Types for the parts of http_ece (RFC 8188) the push tests use; the package ships none.
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';
  type Params = {
    version: 'aes128gcm' | 'aesgcm';
    privateKey?: ECDH;
    authSecret?: Buffer | string;
    dh?: Buffer | string;
    keyid?: Buffer | string;
  };
  const ece: {
    decrypt(buffer: Buffer, params: Params): Buffer;
    encrypt(buffer: Buffer, params: Params): Buffer;
  };
  export default ece;
}

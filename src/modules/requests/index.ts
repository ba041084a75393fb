// The requests module's public face: other modules import only from here.
export { manifest } from './manifest.js';

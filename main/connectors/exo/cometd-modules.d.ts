// The XMLHttpRequest of cometd-nodejs-client, imported on its own so that installing it does not also rewrite
// the process's console (the package's `adapt()` aliases console.debug to console.log).
declare module 'cometd-nodejs-client/src/XMLHttpRequest.js' {
  export class XMLHttpRequest {
    constructor(options?: object);
  }
}

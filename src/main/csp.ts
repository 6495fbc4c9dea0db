// The one Content-Security-Policy of the renderer: sent as a response header (Electron's app:// protocol and the
// browser-mode server) and written into index.html as a meta tag at build time.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'"
].join('; ')

/** Directives a browser honours only from a response header (a meta tag's copy is ignored, with a warning). */
export const HEADER_ONLY_CSP = "frame-ancestors 'none'"

/** The policy as sent in response headers: the meta tag's policy plus the header-only directives. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; ${HEADER_ONLY_CSP}`

// The AWS SDK warns about Node 20 on every client; the machines run Node 20 by design (see docs/architecture.md).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

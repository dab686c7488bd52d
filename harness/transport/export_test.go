package transport

// RedactWith exposes redaction with a given set of secrets, so tests and
// fuzz targets do not fill the process-wide registry.
var RedactWith = redactWith

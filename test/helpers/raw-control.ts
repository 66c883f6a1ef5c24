/** What no output of Retrofill's may hold raw: a terminal acts on it. */

/** C0 but the newline ending a line, DEL, C1, direction marks, separators. */
// eslint-disable-next-line no-control-regex -- it matches control characters on purpose
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** The same, newlines too: for a one-line message. */
// eslint-disable-next-line no-control-regex -- it matches control characters on purpose
export const RAW_CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

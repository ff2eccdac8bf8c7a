package fs

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Text. Go strings are bytes, so the package has no string-returning
// variants: an Encoding option (ReadFileOptions, WriteFileOptions,
// ReadStreamOptions) says how the bytes a call gives or takes are text,
// with Node's encoding names, as the stream package's SetEncoding does.
// Reading, the callback receives the text as UTF-8 bytes (string(data) is
// Node's string); writing, data is text in the encoding and the file gets
// the bytes it stands for. "" (and "buffer") is bytes as they are.

// encoding returns the canonical name of a Node encoding, or panics, as
// Node throws ERR_INVALID_ARG_VALUE for an unknown one.
func encoding(fn, enc string) string {
	switch strings.ToLower(enc) {
	case "", "buffer":
		return ""
	case "utf8", "utf-8":
		return "utf8"
	case "utf16le", "utf-16le", "ucs2", "ucs-2":
		return "utf16le"
	case "latin1", "binary":
		return "latin1"
	case "ascii":
		return "ascii"
	case "base64":
		return "base64"
	case "base64url":
		return "base64url"
	case "hex":
		return "hex"
	}
	panic("fs: " + fn + " called with unknown encoding " + quote(enc))
}

// encode turns file bytes into text in enc (Node's buffer.toString(enc)),
// as UTF-8.
func encode(enc string, b []byte) []byte {
	switch enc {
	case "":
		return b
	case "utf8":
		if utf8.Valid(b) {
			return b
		}
		out := make([]byte, 0, len(b)+8)
		for len(b) > 0 {
			r, n := utf8.DecodeRune(b)
			out = utf8.AppendRune(out, r) // RuneError is U+FFFD
			b = b[n:]
		}
		return out
	case "utf16le":
		units := make([]uint16, len(b)/2)
		for i := range units {
			units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		var out []byte
		for _, r := range utf16.Decode(units) {
			out = utf8.AppendRune(out, r)
		}
		return out
	case "latin1":
		out := make([]byte, 0, len(b))
		for _, c := range b {
			out = utf8.AppendRune(out, rune(c))
		}
		return out
	case "ascii":
		out := make([]byte, len(b))
		for i, c := range b {
			out[i] = c & 0x7f
		}
		return out
	case "base64":
		return []byte(base64.StdEncoding.EncodeToString(b))
	case "base64url":
		return []byte(base64.RawURLEncoding.EncodeToString(b))
	case "hex":
		return []byte(hex.EncodeToString(b))
	}
	return b
}

// decode turns text in enc into the bytes it stands for (Node's
// Buffer.from(string, enc)), lenient as Node is: base64 padding and
// whitespace are optional, and hex stops at the first pair that is not hex.
func decode(enc string, text []byte) []byte {
	switch enc {
	case "", "utf8":
		return text
	case "utf16le":
		s := string(text)
		out := make([]byte, 0, 2*len(s))
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	case "latin1", "ascii":
		s := string(text)
		out := make([]byte, 0, len(s))
		for _, r := range s {
			out = append(out, byte(r))
		}
		return out
	case "base64", "base64url":
		s := strings.Map(func(r rune) rune {
			switch r {
			case '-':
				return '+'
			case '_':
				return '/'
			case '=', ' ', '\n', '\r', '\t':
				return -1
			}
			return r
		}, string(text))
		out, err := base64.RawStdEncoding.DecodeString(s)
		if err != nil {
			// Node decodes up to the first character that is not base64.
			if ce, ok := err.(base64.CorruptInputError); ok {
				out, _ = base64.RawStdEncoding.DecodeString(s[:int(ce)/4*4])
			}
		}
		return out
	case "hex":
		n := 0
		for n+1 < len(text) && isHex(text[n]) && isHex(text[n+1]) {
			n += 2
		}
		out := make([]byte, n/2)
		hex.Decode(out, text[:n])
		return out
	}
	return text
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

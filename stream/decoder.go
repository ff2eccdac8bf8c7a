package stream

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// decoder is Node's StringDecoder for SetEncoding: it turns the bytes of
// successive chunks into text (UTF-8 bytes here, as Go strings are), never
// splitting a character, or a base64 group, across two chunks: what a chunk
// ends with that is not complete yet waits for the next one.
type decoder struct {
	name string
	enc  func(d *decoder, b []byte) []byte
	fin  func(d *decoder) []byte
	held []byte
}

// newDecoder returns the decoder of a Node encoding name.
func newDecoder(enc string) (*decoder, error) {
	d := &decoder{}
	switch strings.ToLower(enc) {
	case "utf8", "utf-8":
		d.name, d.enc, d.fin = "utf8", (*decoder).utf8, (*decoder).utf8End
	case "utf16le", "utf-16le", "ucs2", "ucs-2":
		d.name, d.enc, d.fin = "utf16le", (*decoder).utf16, (*decoder).utf16End
	case "latin1", "binary":
		d.name, d.enc, d.fin = "latin1", (*decoder).latin1, (*decoder).none
	case "ascii":
		d.name, d.enc, d.fin = "ascii", (*decoder).ascii, (*decoder).none
	case "base64":
		d.name, d.enc, d.fin = "base64", (*decoder).base64, (*decoder).base64End
	case "base64url":
		d.name, d.enc, d.fin = "base64url", (*decoder).base64, (*decoder).base64End
	case "hex":
		d.name, d.enc, d.fin = "hex", (*decoder).hex, (*decoder).none
	default:
		return nil, fmt.Errorf("Unknown encoding: %s", enc)
	}
	return d, nil
}

func (d *decoder) write(b []byte) []byte { return d.enc(d, b) }

// end returns what the held bytes stand for once no more will come.
func (d *decoder) end() []byte { return d.fin(d) }

func (d *decoder) none() []byte { return nil }

// take returns the held bytes followed by b.
func (d *decoder) take(b []byte) []byte {
	if len(d.held) == 0 {
		return b
	}
	all := append(d.held, b...)
	d.held = nil
	return all
}

func (d *decoder) utf8(b []byte) []byte {
	b = d.take(b)
	// Hold back an incomplete sequence at the end: at most 3 bytes.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		c := b[i]
		if c < 0x80 {
			break
		}
		if c >= 0xC0 { // a lead byte: complete if enough bytes follow it
			need := 2
			switch {
			case c >= 0xF0:
				need = 4
			case c >= 0xE0:
				need = 3
			}
			if len(b)-i < need {
				cut = i
			}
			break
		}
	}
	if cut < len(b) {
		d.held = append([]byte(nil), b[cut:]...)
		b = b[:cut]
	}
	if utf8.Valid(b) {
		return b
	}
	return toValidUTF8(b)
}

func (d *decoder) utf8End() []byte {
	if len(d.held) == 0 {
		return nil
	}
	d.held = nil
	return []byte("\uFFFD")
}

// toValidUTF8 replaces each invalid byte with U+FFFD, as a text decoder does.
func toValidUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			out = append(out, "\uFFFD"...)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

func (d *decoder) utf16(b []byte) []byte {
	b = d.take(b)
	if len(b)%2 == 1 {
		d.held = []byte{b[len(b)-1]}
		b = b[:len(b)-1]
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	// A high surrogate at the end waits for its low half.
	if n := len(units); n > 0 && units[n-1] >= 0xD800 && units[n-1] < 0xDC00 {
		d.held = append([]byte{b[2*n-2], b[2*n-1]}, d.held...)
		units = units[:n-1]
	}
	var out []byte
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out
}

func (d *decoder) utf16End() []byte {
	if len(d.held) < 2 {
		d.held = nil
		return nil
	}
	d.held = nil
	return []byte("\uFFFD")
}

func (d *decoder) latin1(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		out = utf8.AppendRune(out, rune(c))
	}
	return out
}

func (d *decoder) ascii(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = c & 0x7f
	}
	return out
}

func (d *decoder) encoding() *base64.Encoding {
	if d.name == "base64url" {
		return base64.RawURLEncoding
	}
	return base64.StdEncoding
}

func (d *decoder) base64(b []byte) []byte {
	b = d.take(b)
	// Encode whole groups of three bytes only; the rest waits.
	n := len(b) / 3 * 3
	if n < len(b) {
		d.held = append([]byte(nil), b[n:]...)
	}
	out := make([]byte, d.encoding().EncodedLen(n))
	d.encoding().Encode(out, b[:n])
	return out
}

func (d *decoder) base64End() []byte {
	if len(d.held) == 0 {
		return nil
	}
	out := make([]byte, d.encoding().EncodedLen(len(d.held)))
	d.encoding().Encode(out, d.held)
	d.held = nil
	return out
}

func (d *decoder) hex(b []byte) []byte {
	out := make([]byte, hex.EncodedLen(len(b)))
	hex.Encode(out, b)
	return out
}

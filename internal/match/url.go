package match

import "strings"

// NormalizeURL returns a URL as the index compares it, by the rules of
// RFC 3986 section 6.2.2 (syntax-based) and 6.2.3 (scheme-based): scheme
// and host lower case; percent-encodings upper case, and decoded where
// they encode an unreserved character; dot segments removed from the
// path; for http and https, the default port dropped and an empty path
// made "/". User information, path, query and fragment keep their case.
// Text that is not a URL with a scheme is returned with only the
// percent-encoding rules applied.
func NormalizeURL(s string) string {
	s = strings.TrimSpace(s)
	scheme, rest, ok := splitScheme(s)
	if !ok {
		return normalizePercent(s)
	}
	scheme = lowerASCII(scheme)
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(scheme)
	b.WriteByte(':')
	authority := false
	if strings.HasPrefix(rest, "//") {
		authority = true
		rest = rest[2:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		auth := rest[:end]
		rest = rest[end:]
		b.WriteString("//")
		if at := strings.LastIndexByte(auth, '@'); at >= 0 {
			b.WriteString(normalizePercent(auth[:at+1]))
			auth = auth[at+1:]
		}
		host, port := auth, ""
		if c := strings.LastIndexByte(auth, ':'); c >= 0 && !strings.Contains(auth[c:], "]") {
			host, port = auth[:c], auth[c+1:]
		}
		b.WriteString(lowerASCII(normalizePercent(host)))
		if port != "" && !(scheme == "http" && port == "80" || scheme == "https" && port == "443") {
			b.WriteByte(':')
			b.WriteString(port)
		}
	}
	path, tail := rest, ""
	if q := strings.IndexAny(rest, "?#"); q >= 0 {
		path, tail = rest[:q], rest[q:]
	}
	path = removeDotSegments(normalizePercent(path))
	if path == "" && authority && (scheme == "http" || scheme == "https") {
		path = "/"
	}
	b.WriteString(path)
	b.WriteString(normalizePercent(tail))
	return b.String()
}

// splitScheme splits "scheme:rest" when s starts with a valid scheme
// (RFC 3986 section 3.1).
func splitScheme(s string) (scheme, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return s[:i], s[i+1:], true
		default:
			return "", s, false
		}
	}
	return "", s, false
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func unreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// normalizePercent upper-cases percent-encodings and decodes those of
// unreserved characters (RFC 3986 section 6.2.2.1 and 6.2.2.2).
func normalizePercent(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	const upperHex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				c := h<<4 | l
				if unreserved(c) {
					b = append(b, c)
				} else {
					b = append(b, '%', upperHex[h], upperHex[l])
				}
				i += 2
				continue
			}
		}
		b = append(b, s[i])
	}
	return string(b)
}

// removeDotSegments is RFC 3986 section 5.2.4.
func removeDotSegments(in string) string {
	if !strings.Contains(in, ".") {
		return in
	}
	var out []string
	abs := strings.HasPrefix(in, "/")
	segs := strings.Split(in, "/")
	if abs {
		segs = segs[1:]
	}
	for i, seg := range segs {
		last := i == len(segs)-1
		switch seg {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, seg)
		}
	}
	r := strings.Join(out, "/")
	if abs {
		r = "/" + r
	}
	return r
}

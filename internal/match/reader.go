package match

import (
	"bufio"
	"errors"
	"io"
	"strconv"
)

// Limits of one request of JSON lines.
const (
	// MaxBody bounds the bytes read.
	MaxBody = 64 << 20
	// MaxLine bounds one line; a longer line is an error of that line.
	MaxLine = 1 << 20
	// MaxLines bounds the lines read.
	MaxLines = 1_000_000
)

// ErrTooLarge is returned by [Reader.Next] when the input passes MaxBody
// or MaxLines; what was read before stays valid.
var ErrTooLarge = errors.New("more than " + strconv.Itoa(MaxBody>>20) + " MiB or " + strconv.Itoa(MaxLines) + " lines")

// Line is one line of input: its number (from 1) and the observable, or
// the problem that made it unreadable. Obs.Raw is valid until the next
// call of Next: copy it to keep it.
type Line struct {
	N   int
	Obs Observable
	Err error
}

// Reader reads observables, one JSON object a line. Blank lines are
// skipped but counted.
type Reader struct {
	// Keep makes every Line's Obs.Raw a copy that stays valid after the
	// next call of Next, for a caller that decodes ahead.
	Keep bool

	r     *bufio.Reader
	n     int
	read  int64
	arena []byte // where kept lines are copied
}

// NewReader returns a Reader of r.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next non-blank line; io.EOF at the end, ErrTooLarge
// past the limits, or the error of the underlying reader.
func (r *Reader) Next() (Line, error) {
	for {
		b, long, err := r.line()
		if err != nil {
			return Line{}, err
		}
		r.n++
		if r.n > MaxLines {
			return Line{}, ErrTooLarge
		}
		if long {
			return Line{N: r.n, Err: lineError("line longer than " + strconv.Itoa(MaxLine) + " bytes")}, nil
		}
		if len(skipBlank(b)) == 0 {
			continue
		}
		if r.Keep {
			b = r.keep(b)
		}
		o, err := DecodeObservable(b)
		return Line{N: r.n, Obs: o, Err: err}, nil
	}
}

// keep copies b into the arena, a new chunk when it is full: one
// allocation for many lines.
func (r *Reader) keep(b []byte) []byte {
	if len(r.arena)+len(b) > cap(r.arena) {
		r.arena = make([]byte, 0, max(256<<10, len(b)))
	}
	start := len(r.arena)
	r.arena = append(r.arena, b...)
	return r.arena[start:len(r.arena):len(r.arena)]
}

func skipBlank(b []byte) []byte {
	i := skipWS(b, 0)
	return b[i:]
}

// line reads one line without its end; long says it passed MaxLine (the
// rest of it is skipped). The bytes are valid until the next call only
// when the line fits the buffer, so the caller decodes before reading on.
func (r *Reader) line() (b []byte, long bool, err error) {
	var acc []byte
	for {
		frag, err := r.r.ReadSlice('\n')
		r.read += int64(len(frag))
		if r.read > MaxBody {
			return nil, false, ErrTooLarge
		}
		switch {
		case err == nil:
			if long {
				return nil, true, nil
			}
			if len(acc)+len(frag)-1 > MaxLine {
				return nil, true, nil
			}
			if acc != nil {
				return append(acc, frag[:len(frag)-1]...), false, nil
			}
			return frag[:len(frag)-1], false, nil
		case err == bufio.ErrBufferFull:
			if !long {
				acc = append(acc, frag...)
				if len(acc) > MaxLine {
					long, acc = true, nil
				}
			}
		case err == io.EOF:
			if long {
				return nil, true, nil
			}
			if len(acc)+len(frag) == 0 {
				return nil, false, io.EOF
			}
			if len(acc)+len(frag) > MaxLine {
				return nil, true, nil
			}
			return append(acc, frag...), false, nil
		default:
			return nil, false, err
		}
	}
}

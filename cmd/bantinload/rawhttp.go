package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// rawReader is one feed reader's keep-alive HTTP/1.1 connection, written
// and read by hand. net/http's client costs as much CPU per request as
// the server it measures (goroutines and channels per round trip), and on
// two shared cores that cost comes out of the server's: the readers must
// be as cheap as a load generator such as wrk, or a 304 cannot look much
// cheaper than a 200. It speaks only what bantin and http.ServeFile answer
// with: a Content-Length or a chunked body.
type rawReader struct {
	host string
	conn net.Conn
	br   *bufio.Reader
	buf  []byte
}

// do sends req (its method, URI, Host and headers; no body) and reads the
// answer, discarding the body. It reconnects when the server closed.
func (c *rawReader) do(req *http.Request) (status int, err error) {
	if c.conn == nil || c.host != req.URL.Host {
		if err := c.dial(req.URL.Host); err != nil {
			return 0, err
		}
	}
	// A server that stops answering fails the request, not the run.
	c.conn.SetDeadline(time.Now().Add(30 * time.Second))
	status, keep, err := c.roundTrip(req)
	if err != nil || !keep {
		c.close()
	}
	return status, err
}

func (c *rawReader) dial(host string) error {
	c.close()
	conn, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		return fmt.Errorf("dial %s: %w", host, err)
	}
	c.host, c.conn = host, conn
	if c.br == nil {
		c.br = bufio.NewReaderSize(conn, 32<<10)
	} else {
		c.br.Reset(conn)
	}
	return nil
}

func (c *rawReader) close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

func (c *rawReader) roundTrip(req *http.Request) (status int, keep bool, err error) {
	c.buf = append(c.buf[:0], req.Method...)
	c.buf = append(c.buf, ' ')
	c.buf = append(c.buf, req.URL.RequestURI()...)
	c.buf = append(c.buf, " HTTP/1.1\r\nHost: "...)
	c.buf = append(c.buf, req.URL.Host...)
	c.buf = append(c.buf, "\r\n"...)
	for k, vs := range req.Header {
		for _, v := range vs {
			c.buf = append(c.buf, k...)
			c.buf = append(c.buf, ": "...)
			c.buf = append(c.buf, v...)
			c.buf = append(c.buf, "\r\n"...)
		}
	}
	c.buf = append(c.buf, "\r\n"...)
	if _, err := c.conn.Write(c.buf); err != nil {
		return 0, false, fmt.Errorf("send: %w", err)
	}
	return c.readResponse(req.Method == http.MethodHead)
}

var errBadResponse = errors.New("malformed response")

func (c *rawReader) readResponse(head bool) (status int, keep bool, err error) {
	line, err := c.line()
	if err != nil {
		return 0, false, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, false, fmt.Errorf("%w: status line %q", errBadResponse, line)
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, false, fmt.Errorf("%w: status line %q", errBadResponse, line)
	}
	length, chunked, keep := int64(-1), false, true
	for {
		line, err := c.line()
		if err != nil {
			return 0, false, err
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, false, fmt.Errorf("%w: header %q", errBadResponse, line)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.ParseInt(string(value), 10, 64); err != nil {
				return 0, false, fmt.Errorf("%w: Content-Length %q", errBadResponse, value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			keep = !bytes.EqualFold(value, []byte("close"))
		}
	}
	switch {
	case head || status == http.StatusNotModified || status == http.StatusNoContent || status < 200:
		return status, keep, nil
	case chunked:
		return status, keep, c.discardChunks()
	case length >= 0:
		_, err := c.br.Discard(int(length))
		return status, keep, err
	}
	// No length: the body runs to the end of the connection.
	_, err = io.Copy(io.Discard, c.br)
	return status, false, err
}

func (c *rawReader) discardChunks() error {
	for {
		line, err := c.line()
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(line, []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
		if err != nil {
			return fmt.Errorf("%w: chunk size %q", errBadResponse, line)
		}
		if n == 0 {
			for { // trailers, then the blank line
				if line, err = c.line(); err != nil || len(line) == 0 {
					return err
				}
			}
		}
		if _, err := c.br.Discard(int(n) + 2); err != nil {
			return err
		}
	}
}

// line reads one CRLF-ended line without its ending; the bytes are valid
// until the next read.
func (c *rawReader) line() ([]byte, error) {
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

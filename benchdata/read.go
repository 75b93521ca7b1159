package benchdata

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// A ParseError reports a problem in a data file.
type ParseError struct {
	File   string // the name given to the reader
	Line   int    // 1-based line number, or 0 if the error is not tied to a line
	Field  int    // 1-based field number, or 0 if the error concerns the whole line
	Column string // name of the field, such as "petal_width" or "label", if known
	Err    error  // the underlying error
}

// Error returns the error in the form "file:line: field n (column): err",
// leaving out the parts that are not known.
func (e *ParseError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
	}
	s += ": "
	if e.Field > 0 {
		s += "field " + strconv.Itoa(e.Field)
		if e.Column != "" {
			s += " (" + e.Column + ")"
		}
		s += ": "
	}
	return s + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// irisColumns names the fields of an Iris data line.
var irisColumns = []string{"sepal_length", "sepal_width", "petal_length", "petal_width", "label"}

// ReadIris reads the Iris data set in the format of scikit-learn's iris.csv,
// plain or gzip-compressed. The first line gives the number of samples, the
// number of features (which must be 4) and the three class names in label
// order; each of the following lines holds four finite numbers and an
// integer label. The number of data lines must match the first line. name
// identifies the input in errors, which are of type *ParseError.
func ReadIris(r io.Reader, name string) (*Dataset, error) {
	cr, err := newReader(r, name)
	if err != nil {
		return nil, err
	}
	header, err := cr.read()
	if err != nil {
		return nil, err
	}
	if len(header) != 5 {
		return nil, cr.errorf(0, "", "header has %d fields, want 5 (n_samples, n_features, 3 class names)", len(header))
	}
	nSamples, err := strconv.Atoi(header[0])
	if err != nil {
		return nil, cr.fieldError(1, "n_samples", numError(header[0], err))
	}
	if nSamples < 1 {
		return nil, cr.errorf(1, "n_samples", "%d samples, want at least 1", nSamples)
	}
	nFeatures, err := strconv.Atoi(header[1])
	if err != nil {
		return nil, cr.fieldError(2, "n_features", numError(header[1], err))
	}
	if nFeatures != 4 {
		return nil, cr.errorf(2, "n_features", "%d features, want 4", nFeatures)
	}
	classes := slices.Clone(header[2:])
	for i, c := range classes {
		if c == "" {
			return nil, cr.errorf(i+3, "", "empty class name")
		}
		if slices.Contains(classes[:i], c) {
			return nil, cr.errorf(i+3, "", "duplicate class name %q", c)
		}
	}

	d := &Dataset{Name: "iris", Features: nFeatures, Classes: classes}
	headerLine := cr.line
	for {
		rec, err := cr.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if d.Rows == nSamples {
			return nil, cr.errorf(0, "", "more data lines than the %d declared on line %d", nSamples, headerLine)
		}
		if err := d.appendRow(cr, rec, irisColumns, parseFinite); err != nil {
			return nil, err
		}
	}
	if d.Rows < nSamples {
		cr.line++ // the error is at the end of the input
		return nil, cr.errorf(0, "", "unexpected end of input: %d data lines, line %d declares %d",
			d.Rows, headerLine, nSamples)
	}
	return d, nil
}

// digitsColumns names the fields of a Digits line: "pixel_r_c" for the
// pixel in row r and column c of the 8×8 image, then "label".
var digitsColumns = func() []string {
	c := make([]string, 0, 65)
	for i := range 64 {
		c = append(c, fmt.Sprintf("pixel_%d_%d", i/8, i%8))
	}
	return append(c, "label")
}()

// ReadDigits reads the Digits data set in the format of scikit-learn's
// digits.csv.gz: CSV without a header line, plain or gzip-compressed (gzip
// is recognized by its magic number). Each line holds 64 pixel counts,
// integers in [0, 16], followed by the digit, an integer in [0, 9]. The
// classes are named "0" to "9". name identifies the input in errors, which
// are of type *ParseError.
func ReadDigits(r io.Reader, name string) (*Dataset, error) {
	cr, err := newReader(r, name)
	if err != nil {
		return nil, err
	}
	d := &Dataset{Name: "digits", Features: 64, Classes: make([]string, 10)}
	for i := range d.Classes {
		d.Classes[i] = strconv.Itoa(i)
	}
	for {
		rec, err := cr.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := d.appendRow(cr, rec, digitsColumns, parsePixel); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// appendRow parses a data line of d.Features values and a label and
// appends it to d.
func (d *Dataset) appendRow(cr *reader, rec, columns []string, parse func(string) (float64, error)) error {
	if len(rec) != d.Features+1 {
		return cr.errorf(0, "", "%d fields, want %d", len(rec), d.Features+1)
	}
	for j, s := range rec[:d.Features] {
		v, err := parse(s)
		if err != nil {
			return cr.fieldError(j+1, columns[j], err)
		}
		d.X = append(d.X, v)
	}
	label, err := parseInt(rec[d.Features], 0, len(d.Classes)-1)
	if err != nil {
		return cr.fieldError(d.Features+1, columns[d.Features], err)
	}
	d.Labels = append(d.Labels, label)
	d.Rows++
	return nil
}

// parseFinite parses a finite floating-point number.
func parseFinite(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, numError(s, err)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("value %q is not finite", s)
	}
	return v, nil
}

// parsePixel parses a Digits pixel count.
func parsePixel(s string) (float64, error) {
	v, err := parseInt(s, 0, 16)
	return float64(v), err
}

// parseInt parses a decimal integer in [lo, hi].
func parseInt(s string, lo, hi int) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, numError(s, err)
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("%d out of range [%d, %d]", v, lo, hi)
	}
	return v, nil
}

// numError rewords a *strconv.NumError without the function name, keeping
// its cause (strconv.ErrSyntax or strconv.ErrRange) available to errors.Is.
func numError(s string, err error) error {
	if ne, ok := errors.AsType[*strconv.NumError](err); ok {
		return fmt.Errorf("parsing %q: %w", s, ne.Err)
	}
	return err
}

// reader reads CSV records and builds errors that point at them.
type reader struct {
	csv  *csv.Reader
	name string
	line int // line of the last record read
}

// newReader returns a reader for r, decompressing it if it starts with
// the gzip magic number.
func newReader(r io.Reader, name string) (*reader, error) {
	br := bufio.NewReader(r)
	var in io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &ParseError{File: name, Err: err}
		}
		in = zr
	}
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1 // field counts are checked, with better messages, by the callers
	cr.ReuseRecord = true
	return &reader{csv: cr, name: name}, nil
}

// read returns the next record, or io.EOF at the end of the input, or an
// empty-input error if the input holds no record at all.
func (r *reader) read() ([]string, error) {
	rec, err := r.csv.Read()
	switch {
	case err == io.EOF && r.line == 0:
		return nil, r.errorf(0, "", "empty input")
	case err == io.EOF:
		return nil, io.EOF
	case err != nil:
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			return nil, &ParseError{File: r.name, Line: pe.Line, Err: pe.Err}
		}
		return nil, &ParseError{File: r.name, Err: err}
	}
	r.line, _ = r.csv.FieldPos(0)
	return rec, nil
}

// errorf returns a *ParseError for the current line.
func (r *reader) errorf(field int, column, format string, args ...any) error {
	return r.fieldError(field, column, fmt.Errorf(format, args...))
}

// fieldError returns a *ParseError wrapping err for the current line.
func (r *reader) fieldError(field int, column string, err error) error {
	return &ParseError{File: r.name, Line: r.line, Field: field, Column: column, Err: err}
}

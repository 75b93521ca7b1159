package benchdata

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// irisText returns an Iris file with the given header and data lines.
func irisText(header string, rows ...string) string {
	return header + "\n" + strings.Join(rows, "\n") + "\n"
}

var irisRows = []string{
	"5.1,3.5,1.4,0.2,0",
	"4.9,3.0,1.4,0.2,0",
	"7.0,3.2,4.7,1.4,1",
	"6.4,3.2,4.5,1.5,1",
	"6.3,3.3,6.0,2.5,2",
	"5.8,2.7,5.1,1.9,2",
}

const irisHeader = "6,4,setosa,versicolor,virginica"

// withRow returns irisRows with row i (0-based) replaced.
func withRow(i int, row string) []string {
	r := slices.Clone(irisRows)
	r[i] = row
	return r
}

// digitsLine returns a valid Digits line with label, with the fields in
// set (1-based) replaced.
func digitsLine(label int, set map[int]string) string {
	f := make([]string, 65)
	for i := range 64 {
		f[i] = strconv.Itoa(i % 17)
	}
	f[64] = strconv.Itoa(label)
	for k, v := range set {
		f[k-1] = v
	}
	return strings.Join(f, ",")
}

func gzipBytes(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := io.WriteString(zw, s); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadIris(t *testing.T) {
	text := irisText(irisHeader, irisRows...)
	for _, in := range []struct {
		name string
		data []byte
	}{
		{"plain", []byte(text)},
		{"crlf", []byte(strings.ReplaceAll(text, "\n", "\r\n"))},
		{"no final newline", []byte(strings.TrimSuffix(text, "\n"))},
		{"gzip", gzipBytes(t, text)},
	} {
		t.Run(in.name, func(t *testing.T) {
			d, err := ReadIris(bytes.NewReader(in.data), "t.csv")
			if err != nil {
				t.Fatal(err)
			}
			if d.Name != "iris" || d.Rows != 6 || d.Features != 4 || len(d.X) != 24 {
				t.Fatalf("got %q %d×%d, len(X) %d; want iris 6×4, 24", d.Name, d.Rows, d.Features, len(d.X))
			}
			if want := []string{"setosa", "versicolor", "virginica"}; !slices.Equal(d.Classes, want) {
				t.Errorf("Classes = %q, want %q", d.Classes, want)
			}
			if want := []int{0, 0, 1, 1, 2, 2}; !slices.Equal(d.Labels, want) {
				t.Errorf("Labels = %v, want %v", d.Labels, want)
			}
			if want := []float64{5.8, 2.7, 5.1, 1.9}; !slices.Equal(d.Row(5), want) {
				t.Errorf("Row(5) = %v, want %v", d.Row(5), want)
			}
		})
	}
}

func TestReadDigits(t *testing.T) {
	text := digitsLine(3, nil) + "\n" + digitsLine(9, map[int]string{1: "16", 64: "0"}) + "\n"
	for _, in := range []struct {
		name string
		data []byte
	}{
		{"plain", []byte(text)},
		{"gzip", gzipBytes(t, text)},
	} {
		t.Run(in.name, func(t *testing.T) {
			d, err := ReadDigits(bytes.NewReader(in.data), "t.csv")
			if err != nil {
				t.Fatal(err)
			}
			if d.Name != "digits" || d.Rows != 2 || d.Features != 64 || len(d.X) != 128 {
				t.Fatalf("got %q %d×%d, len(X) %d; want digits 2×64, 128", d.Name, d.Rows, d.Features, len(d.X))
			}
			if !slices.Equal(d.Labels, []int{3, 9}) {
				t.Errorf("Labels = %v, want [3 9]", d.Labels)
			}
			if r := d.Row(1); r[0] != 16 || r[1] != 1 || r[63] != 0 {
				t.Errorf("Row(1) starts %v, ends %v", r[:2], r[63])
			}
			if want := strings.Fields("0 1 2 3 4 5 6 7 8 9"); !slices.Equal(d.Classes, want) {
				t.Errorf("Classes = %q, want %q", d.Classes, want)
			}
		})
	}
}

type errorCase struct {
	name   string
	input  string
	line   int
	field  int
	column string
	msg    string // expected tail of the message
}

func TestReadIrisErrors(t *testing.T) {
	rows := irisRows
	tests := []errorCase{
		{"empty", "", 0, 0, "", "empty input"},
		{"blank lines only", "\n\n", 0, 0, "", "empty input"},
		{"header too short", irisText("6,4,setosa,versicolor", rows...), 1, 0, "", "header has 4 fields, want 5 (n_samples, n_features, 3 class names)"},
		{"header too long", irisText(irisHeader+",other", rows...), 1, 0, "", "header has 6 fields, want 5 (n_samples, n_features, 3 class names)"},
		{"column header", irisText("sepal_length,sepal_width,petal_length,petal_width,label", rows...),
			1, 1, "n_samples", `parsing "sepal_length": invalid syntax`},
		{"n_samples zero", irisText("0,4,setosa,versicolor,virginica"), 1, 1, "n_samples", "0 samples, want at least 1"},
		{"n_features not integer", irisText("6,4.0,setosa,versicolor,virginica", rows...),
			1, 2, "n_features", `parsing "4.0": invalid syntax`},
		{"n_features wrong", irisText("6,3,setosa,versicolor,virginica", rows...), 1, 2, "n_features", "3 features, want 4"},
		{"empty class name", irisText("6,4,setosa,,virginica", rows...), 1, 4, "", "empty class name"},
		{"duplicate class name", irisText("6,4,setosa,versicolor,setosa", rows...), 1, 5, "", `duplicate class name "setosa"`},
		{"too few fields", irisText(irisHeader, withRow(1, "4.9,3.0,1.4,0")...), 3, 0, "", "4 fields, want 5"},
		{"too many fields", irisText(irisHeader, withRow(2, "7.0,3.2,4.7,1.4,1,1")...), 4, 0, "", "6 fields, want 5"},
		{"not a number", irisText(irisHeader, withRow(5, "5.8,2.7,x.y,1.9,2")...),
			7, 3, "petal_length", `parsing "x.y": invalid syntax`},
		{"empty value", irisText(irisHeader, withRow(0, "5.1,,1.4,0.2,0")...),
			2, 2, "sepal_width", `parsing "": invalid syntax`},
		{"space", irisText(irisHeader, withRow(0, "5.1, 3.5,1.4,0.2,0")...),
			2, 2, "sepal_width", `parsing " 3.5": invalid syntax`},
		{"NaN", irisText(irisHeader, withRow(0, "NaN,3.5,1.4,0.2,0")...), 2, 1, "sepal_length", `value "NaN" is not finite`},
		{"Inf", irisText(irisHeader, withRow(0, "5.1,3.5,1.4,-Inf,0")...), 2, 4, "petal_width", `value "-Inf" is not finite`},
		{"overflow", irisText(irisHeader, withRow(0, "5.1,3.5,1e400,0.2,0")...),
			2, 3, "petal_length", `parsing "1e400": value out of range`},
		{"label not integer", irisText(irisHeader, withRow(3, "6.4,3.2,4.5,1.5,1.0")...),
			5, 5, "label", `parsing "1.0": invalid syntax`},
		{"label too large", irisText(irisHeader, withRow(4, "6.3,3.3,6.0,2.5,3")...), 6, 5, "label", "3 out of range [0, 2]"},
		{"label negative", irisText(irisHeader, withRow(4, "6.3,3.3,6.0,2.5,-1")...), 6, 5, "label", "-1 out of range [0, 2]"},
		{"no data lines", irisText(irisHeader), 2, 0, "", "unexpected end of input: 0 data lines, line 1 declares 6"},
		{"too few rows", irisText(irisHeader, rows[:5]...), 7, 0, "", "unexpected end of input: 5 data lines, line 1 declares 6"},
		{"too many rows", irisText(irisHeader, append(slices.Clone(rows), rows[0])...),
			8, 0, "", "more data lines than the 6 declared on line 1"},
		{"bare quote", irisText(irisHeader, withRow(2, `7.0,3"2,4.7,1.4,1`)...), 4, 0, "", `bare " in non-quoted-field`},
		{"gzip header", "\x1f\x8b garbage", 0, 0, "", "gzip: invalid header"},
	}
	checkErrors(t, tests, ReadIris)
}

func TestReadDigitsErrors(t *testing.T) {
	ok := digitsLine(1, nil)
	lines := func(l ...string) string { return strings.Join(l, "\n") + "\n" }
	tests := []errorCase{
		{"empty", "", 0, 0, "", "empty input"},
		{"too few fields", lines(ok, strings.Repeat("0,", 63)+"0"), 2, 0, "", "64 fields, want 65"},
		{"too many fields", lines(ok, ok, ok+",1"), 3, 0, "", "66 fields, want 65"},
		{"iris header", lines(irisHeader, ok), 1, 0, "", "5 fields, want 65"},
		{"pixel not integer", lines(ok, digitsLine(2, map[int]string{3: "1.5"})),
			2, 3, "pixel_0_2", `parsing "1.5": invalid syntax`},
		{"pixel too large", lines(digitsLine(2, map[int]string{10: "17"})), 1, 10, "pixel_1_1", "17 out of range [0, 16]"},
		{"pixel negative", lines(ok, ok, digitsLine(2, map[int]string{64: "-1"})),
			3, 64, "pixel_7_7", "-1 out of range [0, 16]"},
		{"pixel NaN", lines(digitsLine(2, map[int]string{1: "NaN"})), 1, 1, "pixel_0_0", `parsing "NaN": invalid syntax`},
		{"label too large", lines(ok, digitsLine(10, nil)), 2, 65, "label", "10 out of range [0, 9]"},
		{"label not integer", lines(ok, digitsLine(0, map[int]string{65: "x"})), 2, 65, "label", `parsing "x": invalid syntax`},
		{"gzip header", "\x1f\x8b garbage", 0, 0, "", "gzip: invalid header"},
	}
	checkErrors(t, tests, ReadDigits)

	// A truncated gzip stream fails when the reader runs out of input.
	z := gzipBytes(t, lines(ok, ok, ok))
	_, err := ReadDigits(bytes.NewReader(z[:len(z)-4]), "t.csv.gz")
	if pe, ok := errors.AsType[*ParseError](err); !ok || pe.File != "t.csv.gz" || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated gzip: got %v, want *ParseError for t.csv.gz wrapping io.ErrUnexpectedEOF", err)
	}
}

func checkErrors(t *testing.T, tests []errorCase, read func(io.Reader, string) (*Dataset, error)) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := read(strings.NewReader(tt.input), "t.csv")
			if err == nil {
				t.Fatalf("got %d rows, want an error", d.Rows)
			}
			pe, ok := errors.AsType[*ParseError](err)
			if !ok {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if pe.File != "t.csv" || pe.Line != tt.line || pe.Field != tt.field || pe.Column != tt.column {
				t.Errorf("got File %q Line %d Field %d Column %q, want t.csv %d %d %q",
					pe.File, pe.Line, pe.Field, pe.Column, tt.line, tt.field, tt.column)
			}
			want := "t.csv"
			if tt.line > 0 {
				want += fmt.Sprintf(":%d", tt.line)
			}
			if tt.field > 0 {
				want += fmt.Sprintf(": field %d", tt.field)
				if tt.column != "" {
					want += " (" + tt.column + ")"
				}
			}
			want += ": " + tt.msg
			if got := err.Error(); got != want {
				t.Errorf("message\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestParseErrorUnwrap(t *testing.T) {
	_, err := ReadIris(strings.NewReader(irisText(irisHeader, withRow(5, "5.8,2.7,x.y,1.9,2")...)), "iris.csv")
	if got, want := err.Error(), `iris.csv:7: field 3 (petal_length): parsing "x.y": invalid syntax`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !errors.Is(err, strconv.ErrSyntax) {
		t.Errorf("errors.Is(%v, strconv.ErrSyntax) = false", err)
	}
}

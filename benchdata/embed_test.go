package benchdata

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"testing"
)

// TestEmbeddedChecksums checks the embedded files against the table in
// data/README.md.
func TestEmbeddedChecksums(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(digitsCSVGz))
	if err != nil {
		t.Fatal(err)
	}
	digitsCSV, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		data []byte
		size int
		sum  string
	}{
		{"iris.csv", irisCSV, 2734, "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449"},
		{"iris.rst", []byte(irisRST), 2782, "45865560d4b0cd10c7ce7dec6eff327497cf654b0fb9ed86997b6b62f05459f7"},
		{"digits.csv.gz", digitsCSVGz, 57512, "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a"},
		{"digits.csv.gz, decompressed", digitsCSV, 264712, "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8"},
		{"digits.rst", []byte(digitsRST), 2028, "0169c12ec98069ddd16fcff040019018d8dc1549f06c9cad1cc1350df61d3b82"},
	} {
		sum := sha256.Sum256(f.data)
		if got := hex.EncodeToString(sum[:]); len(f.data) != f.size || got != f.sum {
			t.Errorf("%s: %d bytes, sha256 %s; want %d bytes, %s", f.name, len(f.data), got, f.size, f.sum)
		}
	}
}

func TestIris(t *testing.T) {
	d := Iris()
	if d.Name != "iris" || d.Rows != 150 || d.Features != 4 || len(d.X) != 600 || len(d.Labels) != 150 {
		t.Fatalf("got %q %d×%d, len(X) %d, len(Labels) %d; want iris 150×4", d.Name, d.Rows, d.Features, len(d.X), len(d.Labels))
	}
	if want := []string{"setosa", "versicolor", "virginica"}; !slices.Equal(d.Classes, want) {
		t.Errorf("Classes = %q, want %q", d.Classes, want)
	}
	if got := d.ClassCounts(); !slices.Equal(got, []int{50, 50, 50}) {
		t.Errorf("ClassCounts = %v, want [50 50 50]", got)
	}
	for i, l := range d.Labels {
		if want := i / 50; l != want {
			t.Fatalf("row %d: label %d, want %d (rows sorted by class)", i+1, l, want)
		}
	}
	// Data rows are 1-based here, as in data/README.md. Rows 35 and 38 are
	// where Fisher's values differ from UCI's iris.data.
	for _, r := range []struct {
		row  int
		want []float64
	}{
		{1, []float64{5.1, 3.5, 1.4, 0.2}},
		{35, []float64{4.9, 3.1, 1.5, 0.2}},
		{38, []float64{4.9, 3.6, 1.4, 0.1}},
		{150, []float64{5.9, 3.0, 5.1, 1.8}},
	} {
		if got := d.Row(r.row - 1); !slices.Equal(got, r.want) {
			t.Errorf("row %d = %v, want %v", r.row, got, r.want)
		}
	}
	if !strings.Contains(d.Description, "Iris plants dataset") {
		t.Errorf("Description does not describe Iris: %.40q", d.Description)
	}

	// Each call returns an independent copy.
	d.X[0], d.Labels[0], d.Classes[0] = -1, 2, "changed"
	if e := Iris(); e.X[0] != 5.1 || e.Labels[0] != 0 || e.Classes[0] != "setosa" {
		t.Error("modifying one Iris() result changed another")
	}
}

func TestDigits(t *testing.T) {
	d := Digits()
	if d.Name != "digits" || d.Rows != 1797 || d.Features != 64 || len(d.X) != 1797*64 || len(d.Labels) != 1797 {
		t.Fatalf("got %q %d×%d, len(X) %d, len(Labels) %d; want digits 1797×64", d.Name, d.Rows, d.Features, len(d.X), len(d.Labels))
	}
	want := []int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}
	if got := d.ClassCounts(); !slices.Equal(got, want) {
		t.Errorf("ClassCounts = %v, want %v", got, want)
	}
	// First image of the file: a 0.
	first := []float64{0, 0, 5, 13, 9, 1, 0, 0}
	if got := d.Row(0)[:8]; !slices.Equal(got, first) || d.Labels[0] != 0 {
		t.Errorf("row 1 starts %v label %d, want %v label 0", got, d.Labels[0], first)
	}
	if !strings.Contains(d.Description, "Optical recognition of handwritten digits") {
		t.Errorf("Description does not describe Digits: %.40q", d.Description)
	}
}

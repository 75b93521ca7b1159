package benchdata

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
)

var (
	//go:embed data/iris.csv
	irisCSV []byte
	//go:embed data/iris.rst
	irisRST string
	//go:embed data/digits.csv.gz
	digitsCSVGz []byte
	//go:embed data/digits.rst
	digitsRST string
)

// Iris returns Fisher's Iris data set: 150 rows of 4 features (sepal
// length, sepal width, petal length and petal width, in cm), 50 rows of each
// class, sorted by class. The classes are "setosa", "versicolor" and
// "virginica". Each call returns a new Dataset.
func Iris() *Dataset {
	return mustRead(ReadIris, irisCSV, "iris.csv", irisRST)
}

// Digits returns the Digits data set: 1797 8×8 images of handwritten
// digits, each row the 64 pixel counts (0..16) of one image, row by row.
// The classes are "0" to "9". Each call returns a new Dataset.
func Digits() *Dataset {
	return mustRead(ReadDigits, digitsCSVGz, "digits.csv.gz", digitsRST)
}

// mustRead parses an embedded file, which the tests show to be valid.
func mustRead(read func(io.Reader, string) (*Dataset, error), data []byte, name, descr string) *Dataset {
	d, err := read(bytes.NewReader(data), name)
	if err != nil {
		panic(fmt.Sprintf("benchdata: corrupt embedded file: %v", err))
	}
	d.Description = descr
	return d
}

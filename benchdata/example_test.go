package benchdata_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/simdgrad/simdgrad/benchdata"
)

// Load Iris, split it 100/50 with every class in proportion, and
// standardize both parts with statistics from the training part.
func Example() {
	iris := benchdata.Iris()
	train, valid := benchdata.StratifiedSplit(iris, 100, 1)

	s := benchdata.FitStandardizer(train)
	s.Transform(train)
	s.Transform(valid)

	for _, d := range []*benchdata.Dataset{iris, train, valid} {
		fmt.Printf("%d×%d %v\n", d.Rows, d.Features, d.ClassCounts())
	}
	fmt.Println(iris.Classes)
	// Output:
	// 150×4 [50 50 50]
	// 100×4 [34 33 33]
	// 50×4 [16 17 17]
	// [setosa versicolor virginica]
}

func ExampleDigits() {
	d := benchdata.Digits()
	fmt.Println(d.Rows, d.Features, d.Classes[d.Labels[0]])
	for r := range 8 {
		fmt.Println(d.Row(0)[8*r : 8*r+8])
	}
	// Output:
	// 1797 64 0
	// [0 0 5 13 9 1 0 0]
	// [0 0 13 15 10 15 5 0]
	// [0 3 15 2 0 11 8 0]
	// [0 4 12 0 0 8 8 0]
	// [0 5 8 0 0 9 8 0]
	// [0 4 11 0 1 12 7 0]
	// [0 2 14 5 10 12 0 0]
	// [0 0 6 13 10 0 0 0]
}

func ExampleReadIris() {
	const data = `3,4,setosa,versicolor,virginica
5.1,3.5,1.4,0.2,0
7.0,3.2,4.7,1.4,1
6.3,3.3,6.O,2.5,2
`
	_, err := benchdata.ReadIris(strings.NewReader(data), "iris.csv")
	fmt.Println(err)
	if pe, ok := errors.AsType[*benchdata.ParseError](err); ok {
		fmt.Println(pe.Line, pe.Field, pe.Column)
	}
	// Output:
	// iris.csv:4: field 3 (petal_length): parsing "6.O": invalid syntax
	// 4 3 petal_length
}

func ExampleDataset_CenterColumns() {
	d := benchdata.Iris()
	mean := d.CenterColumns()
	fmt.Printf("%.4f\n", mean)
	fmt.Printf("%.1f\n", d.Row(0))
	// Output:
	// [5.8433 3.0573 3.7580 1.1993]
	// [-0.7 0.4 -2.4 -1.0]
}

package mlp_test

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/simdgrad/simdgrad/autodiff/optim"
	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/models/mlp"
)

// Train the 4 → 12 → 3 network on Iris, split 100/50 by class and
// standardised with the training statistics, and compare it with the
// write-up's variant from the same initial weights.
func Example() {
	train, valid := benchdata.StratifiedSplit(benchdata.Iris(), 100, 0)
	s := benchdata.FitStandardizer(train)
	s.Transform(train)
	s.Transform(valid)

	for _, v := range []mlp.Variant{mlp.Standard, mlp.Writeup} {
		net, h, err := mlp.Train[float64](train, valid, mlp.Options{LR: 0.02, Variant: v})
		if err != nil {
			fmt.Println(err)
			return
		}
		last := len(h.Loss) - 1
		fmt.Printf("%-8v %v: loss %.2f → %.2f, train accuracy %.2f, validation accuracy %.2f\n",
			v, net.Sizes, h.Loss[0], h.Loss[last], h.TrainAccuracy[last], h.ValidAccuracy[last])
	}
	// Output:
	// standard [4 12 3]: loss 1.47 → 0.13, train accuracy 0.96, validation accuracy 0.96
	// writeup  [4 12 3]: loss 1.17 → 0.49, train accuracy 0.67, validation accuracy 0.66
}

// Train the Iris network with Adam on mini-batches, classify new flowers
// from their raw measurements, and save the network as JSON and load it
// back.
func Example_predict() {
	iris := benchdata.Iris()
	train, valid := benchdata.StratifiedSplit(iris, 100, 0)
	s := benchdata.FitStandardizer(train)
	s.Transform(train)
	s.Transform(valid)
	opt := mlp.Options{Optimizer: optim.Adam{LR: 0.01}, BatchSize: 16, Epochs: 60}
	net, h, err := mlp.Train[float64](train, valid, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("validation accuracy %.2f\n", h.ValidAccuracy[len(h.ValidAccuracy)-1])

	net.Standardizer = s // new samples come as raw measurements
	flowers := []float64{
		// sepal length, sepal width, petal length, petal width (cm)
		5.0, 3.4, 1.5, 0.2,
		6.1, 2.8, 4.4, 1.3,
		7.0, 3.2, 6.0, 2.2,
	}
	p := net.Proba(nil, flowers)
	for i, c := range net.Classify(nil, flowers) {
		fmt.Printf("%v: %s (p = %.2f)\n", flowers[4*i:4*i+4], iris.Classes[c], p[3*i+c])
	}

	data, err := json.Marshal(net) // weights, biases, variant and standardiser
	if err != nil {
		fmt.Println(err)
		return
	}
	var loaded mlp.Net[float64]
	if err := json.Unmarshal(data, &loaded); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("the loaded network gives the same probabilities:", slices.Equal(loaded.Proba(nil, flowers), p))
	// Output:
	// validation accuracy 0.96
	// [5 3.4 1.5 0.2]: setosa (p = 1.00)
	// [6.1 2.8 4.4 1.3]: versicolor (p = 0.98)
	// [7 3.2 6 2.2]: virginica (p = 1.00)
	// the loaded network gives the same probabilities: true
}

package factorise_test

import (
	"errors"
	"fmt"
	"slices"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/models/factorise"
)

// Factorise the mean-centred Iris data at rank 2 by gradient descent and
// compare it with the truncated SVD, under both reductions.
func Example() {
	d := benchdata.Iris()
	d.CenterColumns()

	c, err := factorise.Compare(d.X, d.Rows, d.Features, 2, factorise.Options{Epochs: 2000})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("singular values: %.4f\n", c.SVD.Values)
	fmt.Printf("sum loss:  GD %.6f  SVD %.6f\n", c.GDLoss, c.SVDLoss)
	fmt.Printf("mean loss: GD %.6f  SVD %.6f\n", c.GDMean, c.SVDMean)
	fmt.Printf("GD above SVD by less than 1e-9: %t\n", c.RelGap > -1e-9 && c.RelGap < 1e-9)
	fmt.Printf("largest principal angle below 1e-3 rad: %t\n", slices.Max(c.Angles) < 1e-3)

	// The write-up's loss was a mean: GD then takes 600 times smaller
	// steps and is still on the rank-1 plateau after 2000 epochs.
	g, err := factorise.GD(d.X, d.Rows, d.Features, 2, factorise.Options{Epochs: 2000, Reduction: autodiff.ReduceMean})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mean-loss GD after 2000 epochs: %.2f\n", g.Loss[len(g.Loss)-1])
	// Output:
	// singular values: [25.1000 6.0131 3.4137 1.8845]
	// sum loss:  GD 15.204644  SVD 15.204644
	// mean loss: GD 0.025341  SVD 0.025341
	// GD above SVD by less than 1e-9: true
	// largest principal angle below 1e-3 rad: true
	// mean-loss GD after 2000 epochs: 1.13
}

// Without centring, the Iris data's largest singular value is 96 and a
// learning rate of 0.01 is too large for the sum loss.
func ExampleGD_divergence() {
	d := benchdata.Iris()
	_, err := factorise.GD(d.X, d.Rows, d.Features, 2, factorise.Options{})
	var de *factorise.DivergenceError
	if errors.As(err, &de) {
		fmt.Println("diverged at epoch", de.Epoch)
	}
	fmt.Println(err)
	// Output:
	// diverged at epoch 9
	// factorise: GD diverged at epoch 9 of 1000: sum loss is +Inf with lr 0.01; try a smaller learning rate (such as 0.001) or centre the data
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/kernels"
	"github.com/simdgrad/simdgrad/models/factorise"
	"github.com/simdgrad/simdgrad/models/mlp"
)

// seeds are the experiments' five seeds, from -seed on.
func (r *reporter) seeds() []uint64 {
	s := make([]uint64, 5)
	for i := range s {
		s[i] = r.opts.seed + uint64(i)
	}
	return s
}

// An expLine is an experiment's line of results.txt: iters epochs.
type expLine struct {
	name   string
	iters  int
	values []Value
}

// addLine records a line of results.txt for an experiment: bench (as
// "Factorise") with impl=simdgrad and the tier in use, then parts.
func (r *reporter) addLine(bench string, iters int, values []Value, parts ...string) {
	name := strings.Join(append([]string{bench, "impl=simdgrad", "isa=" + kernels.ISA()}, parts...), "/")
	if p := r.res.Machine.GOMAXPROCS; p != 1 {
		name += fmt.Sprintf("-%d", p)
	}
	r.expLines = append(r.expLines, expLine{name, iters, values})
}

// gdRun is one timed factorisation and its comparison with the SVD.
type gdRun struct {
	loss    []float64
	u       *mat.Dense // GD's U, rows×rank
	run     FactoriseRun
	elapsed time.Duration
}

// factoriseGD runs GD on a, timing the training loop alone, and compares
// its result with svd as factorise.Compare does.
func factoriseGD[T kernels.Float](a []T, rows, cols, rank int, svd *factorise.SVD, opt factorise.Options) (*gdRun, error) {
	start := time.Now()
	res, err := factorise.GD(a, rows, cols, rank, opt)
	elapsed := time.Since(start)
	if err != nil {
		return nil, err
	}
	u := mat.NewDense(rows, rank, nil)
	for i, v := range res.U {
		u.RawMatrix().Data[i] = float64(v)
	}
	n := float64(rows * cols)
	g := &gdRun{loss: res.Loss, u: u, elapsed: elapsed, run: FactoriseRun{
		Dtype: dtypeOf[T](), Reduction: opt.Reduction.String(), Epochs: opt.Epochs, Seed: opt.Seed,
		GDLoss: res.Residual, SVDLoss: svd.Loss, GDMean: res.Residual / n, SVDMean: svd.Loss / n,
		RelGap:     (res.Residual - svd.Loss) / svd.Loss,
		MaxAngle:   slices.Max(factorise.PrincipalAngles(u, svd.U)),
		NsPerEpoch: sig6(float64(elapsed.Nanoseconds()) / float64(opt.Epochs)),
	}}
	return g, nil
}

func dtypeOf[T kernels.Float]() string {
	var z T
	if _, ok := any(z).(float32); ok {
		return "f32"
	}
	return "f64"
}

// runFactorise repeats the write-up's first experiment, rank-2
// factorisation of the mean-centred Iris data by gradient descent, and sets
// it against the truncated SVD with both loss reductions, which explains
// the write-up's numbers.
func (r *reporter) runFactorise(ctx context.Context) error {
	iris := benchdata.Iris()
	iris.CenterColumns()
	const rank = 2
	rows, cols := iris.Rows, iris.Features
	x32 := iris.X32()
	svd, err := factorise.TruncatedSVD(iris.X, rows, cols, rank)
	if err != nil {
		return err
	}
	svd32, err := factorise.TruncatedSVD(x32, rows, cols, rank)
	if err != nil {
		return err
	}
	res := &FactoriseResults{
		Data: "iris, mean-centred", Rows: rows, Cols: cols, Rank: rank,
		SingularValues: svd.Values, SVDLoss: svd.Loss, SVDMean: svd.Loss / float64(rows*cols),
	}
	r.res.Factorise = res

	type job struct {
		f32 bool
		opt factorise.Options
	}
	var jobs []job
	var total float64
	for _, red := range []autodiff.Reduction{autodiff.ReduceSum, autodiff.ReduceMean} {
		for _, epochs := range []int{1000, 2000} {
			for _, seed := range r.seeds() {
				jobs = append(jobs, job{false, factorise.Options{Epochs: epochs, Seed: seed, Reduction: red}})
			}
		}
	}
	for _, seed := range r.seeds() {
		jobs = append(jobs, job{true, factorise.Options{Epochs: 2000, Seed: seed}})
	}
	for _, j := range jobs {
		total += float64(j.opt.Epochs)
	}

	w := r.text
	fmt.Fprintf(w, "\n== Factorisation: mean-centred Iris (%d×%d), rank %d, U, V ~ U(0,1), plain GD, lr %g\n", rows, cols, rank, factorise.DefaultLR)
	fmt.Fprintf(w, "singular values: %.6f\n", svd.Values)
	fmt.Fprintf(w, "truncated SVD loss ‖A − A_k‖²_F: %.6f (sum), %.6f (mean over %d elements)\n\n", svd.Loss, res.SVDMean, rows*cols)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "dtype\treduction\tepochs\tseed\tGD sum loss\tSVD sum loss\tGD mean\tSVD mean\trel. gap\tmax angle (rad)\tµs/epoch\t")

	r.prog.begin("factorise", total)
	var first *gdRun
	for _, j := range jobs {
		if err := ctx.Err(); err != nil {
			return err
		}
		var g *gdRun
		if j.f32 {
			g, err = factoriseGD(x32, rows, cols, rank, svd32, j.opt)
		} else {
			g, err = factoriseGD(iris.X, rows, cols, rank, svd, j.opt)
		}
		if err != nil {
			return err
		}
		run := g.run
		res.Runs = append(res.Runs, run)
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.6f\t%.6f\t%.6f\t%.6f\t%.2e\t%.2e\t%.2f\t\n",
			run.Dtype, run.Reduction, run.Epochs, run.Seed, run.GDLoss, run.SVDLoss, run.GDMean, run.SVDMean,
			run.RelGap, run.MaxAngle, run.NsPerEpoch/1e3)
		r.addLine("Factorise", run.Epochs, []Value{{run.NsPerEpoch, "ns/epoch"}, {run.GDLoss, "loss"}},
			"dtype="+run.Dtype, "reduction="+run.Reduction, fmt.Sprintf("epochs=%d", run.Epochs), fmt.Sprintf("seed=%d", run.Seed))
		if !j.f32 && j.opt.Seed == r.opts.seed && j.opt.Epochs == 2000 {
			res.Curves = append(res.Curves, Curve{fmt.Sprintf("GD, %s loss", j.opt.Reduction), g.loss})
			if first == nil {
				first = g
			}
		}
		r.prog.add(float64(j.opt.Epochs))
	}
	r.prog.end()
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nBy Eckart–Young the GD loss can only approach the SVD loss from above. The write-up's")
	fmt.Fprintln(w, "\"GD 0.0254 vs SVD 1.0201\" are the SVD optimum as a mean (0.0253) and mean-loss GD still")
	fmt.Fprintln(w, "on its plateau after 2000 epochs: see the mean rows above.")

	raw := benchdata.Iris()
	_, err = factorise.GD(raw.X, rows, cols, rank, factorise.Options{})
	var div *factorise.DivergenceError
	if !errors.As(err, &div) {
		return fmt.Errorf("uncentred Iris at lr %g should diverge, got %v", factorise.DefaultLR, err)
	}
	res.Divergence = err.Error()
	fmt.Fprintf(w, "uncentred Iris, lr %g, sum loss: %v\n", factorise.DefaultLR, err)

	if err := r.savePlot("factorise_loss.png", lineWidth, lineHeight, func() ([]*plot.Plot, error) {
		epochs := len(res.Curves[0].Y)
		sum, mean := make([]float64, epochs), make([]float64, epochs)
		for i := range sum {
			sum[i], mean[i] = svd.Loss, res.SVDMean
		}
		p, err := linePlot(fmt.Sprintf("Rank-2 factorisation of centred Iris (seed %d)", r.opts.seed), "epoch", "loss", true,
			series{res.Curves[0].Name, res.Curves[0].Y}, series{"truncated SVD (sum)", sum},
			series{res.Curves[1].Name, res.Curves[1].Y}, series{"truncated SVD (mean)", mean})
		return []*plot.Plot{p}, err
	}); err != nil {
		return err
	}
	return r.savePlot("factorise_projection.png", wideWidth, wideHeight, func() ([]*plot.Plot, error) {
		return projectionPlots(iris, svd, first)
	})
}

// projectionPlots are the write-up's Figure 2: the centred data on the two
// leading principal directions, A·V₂ (= U₂Σ₂), beside the rows of the GD
// factor Û (sum loss, 2000 epochs, the first seed), which spans nearly the
// same subspace in other coordinates: A ≈ Û·V̂ᵀ.
func projectionPlots(d *benchdata.Dataset, svd *factorise.SVD, g *gdRun) ([]*plot.Plot, error) {
	var proj mat.Dense
	proj.Mul(mat.NewDense(d.Rows, d.Features, d.X), svd.V)
	svdGroups := make([][][2]float64, len(d.Classes))
	gdGroups := make([][][2]float64, len(d.Classes))
	for i, l := range d.Labels {
		svdGroups[l] = append(svdGroups[l], [2]float64{proj.At(i, 0), proj.At(i, 1)})
		gdGroups[l] = append(gdGroups[l], [2]float64{g.u.At(i, 0), g.u.At(i, 1)})
	}
	a, err := scatterPlot("(a) truncated SVD: rows of A·V₂ = U₂Σ₂", "direction 1", "direction 2", d.Classes, svdGroups)
	if err != nil {
		return nil, err
	}
	b, err := scatterPlot(fmt.Sprintf("(b) gradient descent: rows of Û (angle to U₂ %.1e rad)", g.run.MaxAngle), "Û column 1", "Û column 2", d.Classes, gdGroups)
	if err != nil {
		return nil, err
	}
	return []*plot.Plot{a, b}, nil
}

// runMLP repeats the write-up's second experiment, the 4-12-3 MLP on Iris,
// with linear logits and trained biases, against the write-up's variant,
// then trains a larger network on the digits.
func (r *reporter) runMLP(ctx context.Context) error {
	res := &MLPResults{}
	r.res.MLP = res
	w := r.text
	const irisEpochs, digitsEpochs = mlp.DefaultEpochs, 150
	irisWork := float64(100 * (4*12 + 12*3))
	digitsWork := float64(1437 * (64*64 + 64*10))
	variants := []mlp.Variant{mlp.Standard, mlp.Writeup}
	lrs := []float64{0.01, 0.02}
	r.prog.begin("mlp", float64(len(variants)*len(lrs)*len(r.seeds())*irisEpochs)*irisWork+digitsEpochs*digitsWork)

	fmt.Fprintf(w, "\n== MLP: Iris 4-12-3, stratified 100/50 split, standardised on the training split, full-batch GD, %d epochs\n", irisEpochs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "variant\tlr\tseed\tfinal loss\ttrain acc.\tvalid acc.\tµs/epoch\t")
	hist := map[mlp.Variant]*mlp.History{}
	for _, v := range variants {
		for _, lr := range lrs {
			var sum float64
			for _, seed := range r.seeds() {
				if err := ctx.Err(); err != nil {
					return err
				}
				train, valid := standardisedSplit(benchdata.Iris(), 100, seed)
				run, h, _, err := trainMLP[float64](train, valid, mlp.Options{LR: lr, Seed: seed, Variant: v})
				if err != nil {
					return err
				}
				res.Iris = append(res.Iris, run)
				r.addMLPLine("iris", run)
				fmt.Fprintf(tw, "%s\t%.2f\t%d\t%.4f\t%.3f\t%.3f\t%.2f\t\n", v, lr, seed, run.Loss, run.TrainAccuracy, run.ValidAccuracy, run.NsPerEpoch/1e3)
				sum += run.ValidAccuracy
				if seed == r.opts.seed && lr == 0.02 {
					hist[v] = h
				}
				r.prog.add(irisEpochs * irisWork)
			}
			mean := MLPMean{Variant: v.String(), LR: lr, ValidAccuracy: sum / float64(len(r.seeds()))}
			res.IrisMeans = append(res.IrisMeans, mean)
			fmt.Fprintf(tw, "%s\t%.2f\tmean\t\t\t%.3f\t\t\n", v, lr, mean.ValidAccuracy)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	train, valid := standardisedSplit(benchdata.Digits(), 1437, 1)
	run, _, net, err := trainMLP[float32](train, valid, mlp.Options{Hidden: []int{64}, LR: 0.5, Epochs: digitsEpochs, Seed: 1})
	if err != nil {
		return err
	}
	r.prog.add(digitsEpochs * digitsWork)
	r.prog.end()
	r.addMLPLine("digits", run)
	conf := confusion(net, valid)
	res.Digits = Digits{Run: run, Classes: valid.Classes, Confusion: conf}
	fmt.Fprintf(w, "\ndigits 64-64-10 (float32, %d/%d stratified, lr 0.5, %d epochs): loss %.4f, train %.3f, valid %.3f, %.0f µs/epoch\n",
		train.Rows, valid.Rows, digitsEpochs, run.Loss, run.TrainAccuracy, run.ValidAccuracy, run.NsPerEpoch/1e3)
	printConfusion(w, valid.Classes, conf)

	res.Curves = []Curve{
		{"standard loss", hist[mlp.Standard].Loss},
		{"writeup loss", hist[mlp.Writeup].Loss},
		{"standard train accuracy", hist[mlp.Standard].TrainAccuracy},
		{"standard valid accuracy", hist[mlp.Standard].ValidAccuracy},
		{"writeup train accuracy", hist[mlp.Writeup].TrainAccuracy},
		{"writeup valid accuracy", hist[mlp.Writeup].ValidAccuracy},
	}
	title := fmt.Sprintf("(seed %d, lr 0.02)", r.opts.seed)
	if err := r.savePlot("mlp_loss.png", lineWidth, lineHeight, func() ([]*plot.Plot, error) {
		p, err := linePlot("Iris MLP training loss "+title, "epoch", "mean cross-entropy", true,
			series{"linear logits, biases trained", hist[mlp.Standard].Loss},
			series{"write-up: ReLU logits, frozen biases", hist[mlp.Writeup].Loss})
		return []*plot.Plot{p}, err
	}); err != nil {
		return err
	}
	return r.savePlot("mlp_accuracy.png", lineWidth, lineHeight, func() ([]*plot.Plot, error) {
		p, err := linePlot("Iris MLP accuracy "+title, "epoch", "accuracy", false,
			series{"train", hist[mlp.Standard].TrainAccuracy},
			series{"validation", hist[mlp.Standard].ValidAccuracy},
			series{"write-up train", hist[mlp.Writeup].TrainAccuracy},
			series{"write-up validation", hist[mlp.Writeup].ValidAccuracy})
		return []*plot.Plot{p}, err
	})
}

// trainMLP trains a network with a timer around mlp.Train, whose loop is
// the whole training: forward, backward, update and both accuracies.
func trainMLP[T kernels.Float](train, valid *benchdata.Dataset, opt mlp.Options) (MLPRun, *mlp.History, *mlp.Net[T], error) {
	start := time.Now()
	net, h, err := mlp.Train[T](train, valid, opt)
	elapsed := time.Since(start)
	if err != nil {
		return MLPRun{}, nil, nil, err
	}
	last := len(h.Loss) - 1
	hidden := opt.Hidden
	if hidden == nil {
		hidden = []int{mlp.DefaultHidden}
	}
	return MLPRun{
		Dtype: dtypeOf[T](), Variant: opt.Variant.String(), Hidden: hidden, LR: opt.LR, Epochs: len(h.Loss), Seed: opt.Seed,
		Loss: h.Loss[last], TrainAccuracy: h.TrainAccuracy[last], ValidAccuracy: h.ValidAccuracy[last],
		NsPerEpoch: sig6(float64(elapsed.Nanoseconds()) / float64(len(h.Loss))),
	}, h, net, nil
}

func (r *reporter) addMLPLine(data string, run MLPRun) {
	r.addLine("MLP", run.Epochs,
		[]Value{{run.NsPerEpoch, "ns/epoch"}, {run.Loss, "loss"}, {run.TrainAccuracy, "train-acc"}, {run.ValidAccuracy, "valid-acc"}},
		"data="+data, "variant="+run.Variant, "dtype="+run.Dtype, fmt.Sprintf("lr=%g", run.LR), fmt.Sprintf("seed=%d", run.Seed))
}

// confusion counts, for each class of d, the rows net predicts as each
// class; a row whose prediction is not a class (NaN outputs) is not
// counted.
func confusion(net *mlp.Net[float32], d *benchdata.Dataset) [][]int {
	x := make([]float32, len(d.X))
	for i, v := range d.X {
		x[i] = float32(v)
	}
	c := make([][]int, len(d.Classes))
	for i := range c {
		c[i] = make([]int, len(d.Classes))
	}
	for i, p := range net.Predict(nil, x) {
		if p >= 0 && p < len(d.Classes) {
			c[d.Labels[i]][p]++
		}
	}
	return c
}

func printConfusion(w io.Writer, classes []string, c [][]int) {
	fmt.Fprintln(w, "confusion matrix of the validation split (rows: true class, columns: predicted):")
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\t")
	for _, name := range classes {
		fmt.Fprintf(tw, "%s\t", name)
	}
	fmt.Fprintln(tw, "recall\t")
	for i, row := range c {
		fmt.Fprintf(tw, "%s\t", classes[i])
		total := 0
		for _, n := range row {
			fmt.Fprintf(tw, "%d\t", n)
			total += n
		}
		recall := math.NaN()
		if total > 0 {
			recall = float64(row[i]) / float64(total)
		}
		fmt.Fprintf(tw, "%.3f\t\n", recall)
	}
	tw.Flush()
}

// standardisedSplit splits d stratified with nTrain training rows and
// standardises both parts with the training statistics.
func standardisedSplit(d *benchdata.Dataset, nTrain int, seed uint64) (train, valid *benchdata.Dataset) {
	train, valid = benchdata.StratifiedSplit(d, nTrain, seed)
	s := benchdata.FitStandardizer(train)
	s.Transform(train)
	s.Transform(valid)
	return train, valid
}

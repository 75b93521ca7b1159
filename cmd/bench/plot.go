package main

import (
	"fmt"
	"image/color"
	"math"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Figure sizes; at vgimg's default 96 dpi they are 672×384 and 960×400
// pixels.
const (
	lineWidth, lineHeight = 7 * vg.Inch, 4 * vg.Inch
	wideWidth, wideHeight = 10 * vg.Inch, 25 * vg.Inch / 6
)

// series is one named line of a plot.
type series struct {
	name string
	y    []float64 // y[i] is plotted at x = i+1 (epochs count from 1)
}

// savePNG draws the plots side by side into a w×h PNG written whole to
// path.
func savePNG(path string, w, h vg.Length, plots ...*plot.Plot) error {
	img := vgimg.New(w, h)
	dc := draw.New(img)
	if len(plots) == 1 {
		plots[0].Draw(dc)
	} else {
		tiles := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Millimeter * 6, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 4}
		canvases := plot.Align([][]*plot.Plot{plots}, tiles, dc)
		for i, p := range plots {
			p.Draw(canvases[0][i])
		}
	}
	return writeFile(path, func(f *os.File) error {
		_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(f)
		return err
	})
}

// linePlot is a plot of the series against epochs. A logarithmic y axis
// skips values that are not positive.
func linePlot(title, xLabel, yLabel string, logY bool, lines ...series) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	p.Add(plotter.NewGrid())
	for i, s := range lines {
		pts := make(plotter.XYs, 0, len(s.y))
		for j, v := range s.y {
			if logY && !(v > 0) {
				continue
			}
			pts = append(pts, plotter.XY{X: float64(j + 1), Y: v})
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("plot %q, line %q: %w", title, s.name, err)
		}
		l.Color = plotutil.Color(i)
		l.Dashes = plotutil.Dashes(i)
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(s.name, l)
	}
	p.Legend.Top = true
	return p, nil
}

// scatterPlot is a scatter plot with one group of points per name.
func scatterPlot(title, xLabel, yLabel string, names []string, groups [][][2]float64) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Add(plotter.NewGrid())
	for i, g := range groups {
		pts := make(plotter.XYs, len(g))
		for j, xy := range g {
			pts[j] = plotter.XY{X: xy[0], Y: xy[1]}
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("plot %q, group %q: %w", title, names[i], err)
		}
		s.Color = plotutil.Color(i)
		s.Shape = plotutil.Shape(i)
		p.Add(s)
		p.Legend.Add(names[i], s)
	}
	return p, nil
}

// gemmLine is one implementation's GFLOP/s against n at one thread count.
type gemmLine struct {
	name    string
	threads int
	n, y    []float64
}

// gemmPlot draws GFLOP/s against the matrix side n on a log₂ axis, a solid
// line per implementation for one thread and a dashed one for more, and
// the FMA peaks as grey horizontal lines (peaks[i] for threads[i], 0 if
// unknown).
func gemmPlot(title string, lines []gemmLine, threads []int, peaks []float64, colour map[string]int) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "n (C = A·B, all n×n)"
	p.Y.Label.Text = "GFLOP/s"
	p.X.Scale = log2Scale{}
	p.X.Tick.Marker = pow2Ticks{}
	p.Y.Min = 0
	p.Add(plotter.NewGrid())
	var nMin, nMax float64 = math.Inf(1), math.Inf(-1)
	top := 0.0
	for _, l := range lines {
		for i, n := range l.n {
			nMin, nMax = math.Min(nMin, n), math.Max(nMax, n)
			top = math.Max(top, l.y[i])
		}
	}
	for _, pk := range peaks {
		top = math.Max(top, pk)
	}
	p.Y.Max = 1.6 * top // room for the legend above the lines
	for i, t := range threads {
		if peaks[i] <= 0 || nMin > nMax {
			continue
		}
		l, err := plotter.NewLine(plotter.XYs{{X: nMin, Y: peaks[i]}, {X: nMax, Y: peaks[i]}})
		if err != nil {
			return nil, err
		}
		l.Color = color.Gray{Y: 110}
		l.Width = vg.Points(1)
		if i > 0 {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("FMA peak, %s", threadsString(t)), l)
	}
	for _, g := range lines {
		pts := make(plotter.XYs, len(g.n))
		for i := range g.n {
			pts[i] = plotter.XY{X: g.n[i], Y: g.y[i]}
		}
		l, s, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		l.Color = plotutil.Color(colour[g.name])
		s.Color = l.Color
		s.Shape = plotutil.Shape(colour[g.name])
		l.Width = vg.Points(1.5)
		if g.threads != threads[0] {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l, s)
		p.Legend.Add(fmt.Sprintf("%s, %s", g.name, threadsString(g.threads)), l, s)
	}
	p.Legend.Top = true
	p.Legend.Left = true
	return p, nil
}

// log2Scale is a logarithmic axis scale (any base gives the same
// positions) that accepts only positive values, as matrix sizes are.
type log2Scale struct{}

func (log2Scale) Normalize(min, max, x float64) float64 {
	return (math.Log2(x) - math.Log2(min)) / (math.Log2(max) - math.Log2(min))
}

// pow2Ticks marks the powers of two in the axis range.
type pow2Ticks struct{}

func (pow2Ticks) Ticks(min, max float64) []plot.Tick {
	var t []plot.Tick
	for v := math.Exp2(math.Floor(math.Log2(min))); v <= max*1.0001; v *= 2 {
		if v >= min*0.9999 {
			t = append(t, plot.Tick{Value: v, Label: fmt.Sprintf("%.0f", v)})
		}
	}
	return t
}

func threadsString(t int) string {
	if t == 1 {
		return "1 thread"
	}
	return fmt.Sprintf("%d threads", t)
}

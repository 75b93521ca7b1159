package main

import (
	"cmp"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"maps"
	"math"
	"os"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
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
	dc := vgdraw.New(img)
	if len(plots) == 1 {
		plots[0].Draw(dc)
	} else {
		tiles := vgdraw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Millimeter * 6, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 4}
		canvases := plot.Align([][]*plot.Plot{plots}, tiles, dc)
		for i, p := range plots {
			p.Draw(canvases[0][i])
		}
	}
	pal := paletted(img.Image())
	return writeFile(path, func(f *os.File) error {
		return (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(f, pal)
	})
}

// paletted converts img to its 256 most frequent colours (a plot's flat
// colours and its commonest anti-aliasing shades), each pixel taking the
// nearest of them: the PNG is a third of the full-colour one's size and
// looks the same.
func paletted(img image.Image) *image.Paletted {
	b := img.Bounds()
	rgba := image.NewRGBA(b)
	draw.Draw(rgba, b, img, b.Min, draw.Src)
	count := map[color.RGBA]int{}
	for i := 0; i < len(rgba.Pix); i += 4 {
		count[color.RGBA{rgba.Pix[i], rgba.Pix[i+1], rgba.Pix[i+2], rgba.Pix[i+3]}]++
	}
	colours := slices.Collect(maps.Keys(count))
	key := func(c color.RGBA) uint32 { return uint32(c.R)<<24 | uint32(c.G)<<16 | uint32(c.B)<<8 | uint32(c.A) }
	slices.SortFunc(colours, func(x, y color.RGBA) int {
		if d := count[y] - count[x]; d != 0 {
			return d
		}
		return cmp.Compare(key(x), key(y))
	})
	pal := make(color.Palette, 0, 256)
	for _, c := range colours[:min(len(colours), 256)] {
		pal = append(pal, c)
	}
	out := image.NewPaletted(b, pal)
	index := map[color.RGBA]uint8{}
	for i, j := 0, 0; i < len(rgba.Pix); i, j = i+4, j+1 {
		c := color.RGBA{rgba.Pix[i], rgba.Pix[i+1], rgba.Pix[i+2], rgba.Pix[i+3]}
		k, ok := index[c]
		if !ok {
			k = uint8(pal.Index(c))
			index[c] = k
		}
		out.Pix[j] = k
	}
	return out
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

// gemmPlot draws GFLOP/s against the matrix side n on a log₂ axis, a line
// per implementation (its colour) and thread count (solid for threads[0],
// dashed for the next), and the FMA peaks as grey lines of the same
// styles (peaks[i] for threads[i], 0 if unknown).
func gemmPlot(title string, lines []gemmLine, threads []int, peaks []float64, colour map[string]int) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	if len(threads) > 1 {
		p.Title.Text += fmt.Sprintf(": solid %s, dashed %s", threadsString(threads[0]), threadsString(threads[1]))
	} else {
		p.Title.Text += ", " + threadsString(threads[0])
	}
	p.X.Label.Text = "n (C = A·B, all n×n)"
	p.Y.Label.Text = "GFLOP/s"
	p.X.Scale = log2Scale{}
	p.X.Tick.Marker = pow2Ticks{}
	p.Y.Min = 0
	p.Add(plotter.NewGrid())
	dashes := func(t int) []vg.Length {
		if t != threads[0] {
			return []vg.Length{vg.Points(4), vg.Points(3)}
		}
		return nil
	}
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
	p.Y.Max = 1.4 * top // room for the legend above the lines
	legend := map[string]bool{}
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
		l.Dashes = dashes(t)
		p.Add(l)
		if !legend["peak"] {
			p.Legend.Add("FMA peak", l)
			legend["peak"] = true
		}
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
		l.Dashes = dashes(g.threads)
		p.Add(l, s)
		if !legend[g.name] {
			p.Legend.Add(g.name, l, s)
			legend[g.name] = true
		}
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

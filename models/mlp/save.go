package mlp

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/simdgrad/simdgrad/autodiff"
	"github.com/simdgrad/simdgrad/benchdata"
	"github.com/simdgrad/simdgrad/kernels"
)

// netJSON is the saved form of a Net.
type netJSON[T kernels.Float] struct {
	Sizes        []int                   `json:"sizes"`
	Variant      Variant                 `json:"variant"`
	Weights      [][]T                   `json:"weights"` // row-major, Sizes[l]×Sizes[l+1]
	Biases       [][]T                   `json:"biases"`
	Standardizer *benchdata.Standardizer `json:"standardizer,omitempty"`
}

// MarshalJSON encodes the network as a JSON object:
//
//	{"sizes": [4, 12, 3], "variant": "standard",
//	 "weights": [[…48 values…], […36 values…]], "biases": [[…12…], […3…]],
//	 "standardizer": {"Mean": […4…], "Std": […4…]}}
//
// with each weight matrix row-major and the standardiser omitted when the
// Net has none. Values are written in the shortest form that reads back
// to the same bits of T (encoding/json's rule for float32 and float64), so
// a round trip is exact. Gradients are not saved. A NaN or infinite weight
// cannot be encoded in JSON, and makes MarshalJSON fail.
func (n *Net[T]) MarshalJSON() ([]byte, error) {
	j := netJSON[T]{Sizes: n.Sizes, Variant: n.Variant, Standardizer: n.Standardizer}
	for l := range n.W {
		j.Weights = append(j.Weights, n.W[l].Data)
		j.Biases = append(j.Biases, n.B[l].Data)
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes a network written by MarshalJSON into n, checking
// that the sizes are positive, that every weight matrix, bias row and
// standardiser has the length the sizes call for, and that the variant is
// known; an error names the field that is wrong. The parameters get zero
// gradients, so the network can be trained further.
func (n *Net[T]) UnmarshalJSON(data []byte) error {
	var j netJSON[T]
	if err := json.Unmarshal(data, &j); err != nil {
		return fmt.Errorf("mlp: decoding a Net: %w", err)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("mlp: decoding a Net: "+format, args...)
	}
	if len(j.Sizes) < 2 {
		return bad("sizes %v: need at least 2 (inputs and classes)", j.Sizes)
	}
	for i, s := range j.Sizes {
		if s <= 0 {
			return bad("sizes[%d] = %d: need all positive", i, s)
		}
	}
	layers := len(j.Sizes) - 1
	if len(j.Weights) != layers || len(j.Biases) != layers {
		return bad("%d weight matrices and %d bias rows for sizes %v, need %d of each", len(j.Weights), len(j.Biases), j.Sizes, layers)
	}
	net := Net[T]{Sizes: j.Sizes, Variant: j.Variant, Standardizer: j.Standardizer}
	for l := range layers {
		in, out := j.Sizes[l], j.Sizes[l+1]
		if out > math.MaxInt/in || len(j.Weights[l]) != in*out {
			return bad("weights[%d] has %d values, need %d×%d", l, len(j.Weights[l]), in, out)
		}
		if len(j.Biases[l]) != out {
			return bad("biases[%d] has %d values, need %d", l, len(j.Biases[l]), out)
		}
		net.W = append(net.W, autodiff.NewParam(in, out, j.Weights[l]))
		net.B = append(net.B, autodiff.NewParam(1, out, j.Biases[l]))
	}
	if s := j.Standardizer; s != nil {
		f := j.Sizes[0]
		if len(s.Mean) != f || len(s.Std) != f {
			return bad("standardizer has %d means and %d standard deviations, need %d", len(s.Mean), len(s.Std), f)
		}
		for i, sd := range s.Std {
			if !(sd > 0) || math.IsInf(sd, 0) {
				return bad("standardizer Std[%d] = %v, need finite and positive", i, sd)
			}
		}
	}
	*n = net
	return nil
}

// MarshalText returns "standard" or "writeup".
func (v Variant) MarshalText() ([]byte, error) {
	if v != Standard && v != Writeup {
		return nil, fmt.Errorf("mlp: invalid %v", v)
	}
	return []byte(v.String()), nil
}

// UnmarshalText sets v from "standard" or "writeup".
func (v *Variant) UnmarshalText(b []byte) error {
	switch string(b) {
	case "standard":
		*v = Standard
	case "writeup":
		*v = Writeup
	default:
		return fmt.Errorf("mlp: unknown variant %q (want standard or writeup)", b)
	}
	return nil
}

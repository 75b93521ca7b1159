package kernels

import "fmt"

// The element-wise and reduction kernels. Each checks its arguments, then
// makes one call into the active tier for the whole slice.
//
// Aliasing: an output may be the same slice as an input (same first
// element, same length) wherever the documentation allows it, or share no
// element with it; any other overlap of an output with an input panics
// ("kernels.Add: dst and x overlap but are not the same slice"). Inputs may
// overlap each other freely. Empty slices and shapes are no-ops.

// ReLU sets dst[i] = max(x[i], 0). dst may be x.
//
// Special values, bit-identical on every tier: x < 0 (including −Inf) gives
// +0; everything else passes through unchanged, so NaN stays NaN (with its
// payload) and −0 stays −0.
func ReLU[T Float](dst, x []T) {
	checkLen2("ReLU", "dst", len(dst), "x", len(x))
	checkAlias("ReLU", "dst", dst, "x", x)
	if is32[T]() {
		active.f32.relu(as32(dst), as32(x))
	} else {
		active.f64.relu(as64(dst), as64(x))
	}
}

// ReLUBackward sets dx[i] = dy[i] where x[i] > 0 and dx[i] = +0 elsewhere:
// the gradient of ReLU at x, given the gradient dy of its output. dx may be
// dy or x.
//
// Special values, bit-identical on every tier: where x is NaN, −0 or +0 the
// result is +0; where x > 0, dy passes through unchanged (NaN included).
func ReLUBackward[T Float](dx, dy, x []T) {
	checkLen3("ReLUBackward", "dx", len(dx), "dy", len(dy), "x", len(x))
	checkAlias("ReLUBackward", "dx", dx, "dy", dy)
	checkAlias("ReLUBackward", "dx", dx, "x", x)
	if is32[T]() {
		active.f32.reluBackward(as32(dx), as32(dy), as32(x))
	} else {
		active.f64.reluBackward(as64(dx), as64(dy), as64(x))
	}
}

// Axpy sets y[i] += alpha·x[i]. y may be x.
//
// IEEE semantics; SIMD tiers may fuse the multiply and add, so results agree
// across tiers within one rounding of alpha·x[i] (|err| ≤ 2ε·(|alpha·x[i]|+|y[i]|)).
func Axpy[T Float](alpha T, x, y []T) {
	checkLen2("Axpy", "x", len(x), "y", len(y))
	checkAlias("Axpy", "y", y, "x", x)
	if is32[T]() {
		active.f32.axpy(float32(alpha), as32(x), as32(y))
	} else {
		active.f64.axpy(float64(alpha), as64(x), as64(y))
	}
}

// Scale sets dst[i] = alpha·x[i]. dst may be x. IEEE semantics, exact
// agreement across tiers (one correctly rounded multiply).
func Scale[T Float](dst []T, alpha T, x []T) {
	checkLen2("Scale", "dst", len(dst), "x", len(x))
	checkAlias("Scale", "dst", dst, "x", x)
	if is32[T]() {
		active.f32.scale(as32(dst), float32(alpha), as32(x))
	} else {
		active.f64.scale(as64(dst), float64(alpha), as64(x))
	}
}

// Add sets dst[i] = x[i] + y[i]. dst may be x or y. IEEE semantics, exact
// agreement across tiers.
func Add[T Float](dst, x, y []T) {
	checkLen3("Add", "dst", len(dst), "x", len(x), "y", len(y))
	checkAlias("Add", "dst", dst, "x", x)
	checkAlias("Add", "dst", dst, "y", y)
	if is32[T]() {
		active.f32.add(as32(dst), as32(x), as32(y))
	} else {
		active.f64.add(as64(dst), as64(x), as64(y))
	}
}

// Sub sets dst[i] = x[i] − y[i]. dst may be x or y. IEEE semantics, exact
// agreement across tiers.
func Sub[T Float](dst, x, y []T) {
	checkLen3("Sub", "dst", len(dst), "x", len(x), "y", len(y))
	checkAlias("Sub", "dst", dst, "x", x)
	checkAlias("Sub", "dst", dst, "y", y)
	if is32[T]() {
		active.f32.sub(as32(dst), as32(x), as32(y))
	} else {
		active.f64.sub(as64(dst), as64(x), as64(y))
	}
}

// Mul sets dst[i] = x[i]·y[i] (element-wise). dst may be x or y. IEEE
// semantics, exact agreement across tiers.
func Mul[T Float](dst, x, y []T) {
	checkLen3("Mul", "dst", len(dst), "x", len(x), "y", len(y))
	checkAlias("Mul", "dst", dst, "x", x)
	checkAlias("Mul", "dst", dst, "y", y)
	if is32[T]() {
		active.f32.mul(as32(dst), as32(x), as32(y))
	} else {
		active.f64.mul(as64(dst), as64(x), as64(y))
	}
}

// Sum returns Σ x[i], accumulated in T. A NaN, or +Inf together with −Inf,
// gives NaN. Tiers add in different orders; results agree within
// |err| ≤ len(x)·ε·Σ|x[i]|.
func Sum[T Float](x []T) T {
	if is32[T]() {
		return T(active.f32.sum(as32(x)))
	}
	return T(active.f64.sum(as64(x)))
}

// Dot returns Σ x[i]·y[i], accumulated in T. IEEE semantics as for Sum;
// results agree across tiers within |err| ≤ (len(x)+1)·ε·Σ|x[i]·y[i]|.
func Dot[T Float](x, y []T) T {
	checkLen2("Dot", "x", len(x), "y", len(y))
	if is32[T]() {
		return T(active.f32.dot(as32(x), as32(y)))
	}
	return T(active.f64.dot(as64(x), as64(y)))
}

// AddColSums adds the column sums of the rows×cols matrix a (leading
// dimension lda) to dst: dst[j] += Σ_i a[i*lda+j]. It is the gradient of a
// row-broadcast bias. len(dst) must be cols, and dst must share no element
// with the matrix. Each column is summed in row order on every tier, so
// results are identical across tiers. rows = 0 or cols = 0 is a no-op.
func AddColSums[T Float](dst, a []T, rows, cols, lda int) {
	checkMatrix("AddColSums", "a", len(a), dim{"rows", rows}, dim{"cols", cols}, lda, "")
	if len(dst) != cols {
		panic(fmt.Sprintf("kernels.AddColSums: len(dst)=%d, need cols=%d", len(dst), cols))
	}
	if rows == 0 || cols == 0 {
		return
	}
	if sharesElement(dst, 1, cols, cols, a, rows, cols, lda) {
		panic(fmt.Sprintf("kernels.AddColSums: dst shares elements with a (rows=%d, cols=%d, lda=%d)", rows, cols, lda))
	}
	if is32[T]() {
		active.f32.addColSums(as32(dst), as32(a), rows, cols, lda)
	} else {
		active.f64.addColSums(as64(dst), as64(a), rows, cols, lda)
	}
}

// Softmax sets each row of dst, a rows×cols row-major matrix, to the softmax
// of the same row of x: exp(x[j] − max) / Σ exp(x[k] − max). Subtracting
// the row maximum first keeps it finite for any finite input. dst may be x.
//
// Accuracy: each element is within a relative error of
// (cols + 4 + |x[j] − max|)·ε of the exact softmax of its row, ε the unit
// roundoff of T (cols·ε is the rounding of the row sum, shared by the whole
// row; |x[j] − max|·ε that of the shifted argument), or within the smallest
// normal number of T in absolute terms (results that small may flush to
// zero). Each row sums to 1 within (cols + 4)·ε + Σ_j |x[j] − max|·ε·y[j].
//
// Special values, the same on every tier: an element −Inf gives exactly 0
// (the rest of the row normalised as usual); a row containing NaN or +Inf,
// or whose elements are all −Inf, gives NaN in every position.
func Softmax[T Float](dst, x []T, rows, cols int) {
	checkRows("Softmax", len(dst), len(x), rows, cols)
	checkAlias("Softmax", "dst", dst, "x", x)
	if rows == 0 || cols == 0 {
		return
	}
	if is32[T]() {
		active.f32.softmax(as32(dst), as32(x), rows, cols)
	} else {
		active.f64.softmax(as64(dst), as64(x), rows, cols)
	}
}

// LogSoftmax sets each row of dst to the logarithm of the softmax of the
// same row of x, computed stably as (x[j] − max) − log Σ exp(x[k] − max).
// dst may be x.
//
// Accuracy: each element is within (4·(|x[j] − max| + log cols) + 2·cols)·ε
// + 4 ulp of the exact value, ε the unit roundoff of T. The cols·ε part is
// the rounding of the row sum Σ exp(x[k] − max), which any summation order
// may accumulate in full (1 + 31·e⁻¹⁸ summed in order rounds the same way
// 31 times); it is what limits rows with one dominant element.
//
// Special values, the same on every tier: an element −Inf gives −Inf; a row
// containing NaN or +Inf, or whose elements are all −Inf, gives NaN in every
// position.
func LogSoftmax[T Float](dst, x []T, rows, cols int) {
	checkRows("LogSoftmax", len(dst), len(x), rows, cols)
	checkAlias("LogSoftmax", "dst", dst, "x", x)
	if rows == 0 || cols == 0 {
		return
	}
	if is32[T]() {
		active.f32.logSoftmax(as32(dst), as32(x), rows, cols)
	} else {
		active.f64.logSoftmax(as64(dst), as64(x), rows, cols)
	}
}

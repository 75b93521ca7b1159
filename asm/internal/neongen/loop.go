package neongen

// Width says how many elements one step of a loop body handles: a full
// vector register, or one element in the low lane of one.
type Width struct {
	T      Type
	Scalar bool
}

// Vec and Scalar are the two widths of type t.
func (t Type) Vec() Width    { return Width{T: t} }
func (t Type) Scalar() Width { return Width{T: t, Scalar: true} }

// Elems is the number of elements per step.
func (w Width) Elems() int {
	if w.Scalar {
		return 1
	}
	return w.T.Lanes
}

// Load loads count steps from p into the registers from v and advances p
// past them: count vectors, or one element into the low lane of v (the
// other lanes are zeroed, so a scalar step may run the vector code).
func (w Width) Load(fn *Func, p R, v V, count int) {
	if w.Scalar {
		fn.LoadElem(w.T, p, v)
		return
	}
	fn.Load(w.T, p, v, count)
}

// Store stores count steps from the registers from v to p and advances p.
func (w Width) Store(fn *Func, p R, v V, count int) {
	if w.Scalar {
		fn.StoreElem(w.T, p, v)
		return
	}
	fn.Store(w.T, p, v, count)
}

// Log2 returns the base-2 logarithm of n, rounded up.
func Log2(n int) int {
	l := 0
	for 1<<l < n {
		l++
	}
	return l
}

// Loop emits the loop skeleton over the n elements counted by the general
// register n, with labels prefixed by name: a loop of unroll vectors per
// iteration, a loop of one vector, then a loop of one element for the
// remaining n mod Lanes, each entered only when it has work. body(w,
// count) emits the work of count steps of width w, advancing its pointers
// past them (Width.Load and Store do). beforeTail, if not nil, runs
// between the vector loops and the scalar loop (e.g. a reduction). The
// register cnt is the loop counter; n is left as it is. unroll must be a
// power of two.
func (fn *Func) Loop(name string, t Type, n, cnt R, unroll int, body func(w Width, count int), beforeTail func()) {
	if unroll&(unroll-1) != 0 || unroll > 4 {
		panic("neongen.Loop: unroll must be 1, 2 or 4")
	}
	per := unroll * t.Lanes
	wide, one, tail, done := name+"_wide", name+"_vec", name+"_tail", name+"_done"
	if unroll > 1 {
		fn.I("LSR $%d, %s, %s", Log2(per), n, cnt)
		fn.I("CBZ %s, %s", cnt, one)
		fn.Label(wide)
		body(t.Vec(), unroll)
		fn.I("SUB $1, %s, %s", cnt, cnt)
		fn.I("CBNZ %s, %s", cnt, wide)
		fn.Label(one)
		fn.I("AND $%d, %s, %s", per-1, n, cnt)
		fn.I("LSR $%d, %s, %s", Log2(t.Lanes), cnt, cnt)
	} else {
		fn.I("LSR $%d, %s, %s", Log2(t.Lanes), n, cnt)
	}
	vecDone := tail
	if beforeTail != nil {
		vecDone = name + "_reduce"
	}
	fn.I("CBZ %s, %s", cnt, vecDone)
	fn.Label(name + "_vec1")
	body(t.Vec(), 1)
	fn.I("SUB $1, %s, %s", cnt, cnt)
	fn.I("CBNZ %s, %s", cnt, name+"_vec1")
	if beforeTail != nil {
		fn.Label(vecDone)
		beforeTail()
	}
	fn.Label(tail)
	fn.I("AND $%d, %s, %s", t.Lanes-1, n, cnt)
	fn.I("CBZ %s, %s", cnt, done)
	fn.Label(name + "_elem")
	body(t.Scalar(), 1)
	fn.I("SUB $1, %s, %s", cnt, cnt)
	fn.I("CBNZ %s, %s", cnt, name+"_elem")
	fn.Label(done)
}

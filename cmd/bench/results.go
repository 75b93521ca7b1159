package main

import "time"

// SchemaVersion names the layout of results.json. It changes only if a
// field changes meaning or goes away; new fields may be added without a
// change.
const SchemaVersion = "simdgrad-bench/1"

// Results is the whole report: the document bench writes to results.json,
// and to standard output with -json. The package documentation lists its
// fields.
type Results struct {
	Schema    string            `json:"schema"`
	Started   time.Time         `json:"started"`
	Machine   Machine           `json:"machine"`
	Settings  Settings          `json:"settings"`
	Peaks     []Peak            `json:"peaks"`
	Kernels   []Measurement     `json:"kernels"`
	Factorise *FactoriseResults `json:"factorise"`
	MLP       *MLPResults       `json:"mlp"`
	Files     []string          `json:"files"`
}

// Machine describes the computer and the build.
type Machine struct {
	CPU            string         `json:"cpu"`
	Vendor         string         `json:"vendor"`
	Family         int            `json:"family"`
	Model          int            `json:"model"`
	LogicalCPUs    int            `json:"logical_cpus"`
	PhysicalCores  int            `json:"physical_cores"`
	ThreadsPerCore int            `json:"threads_per_core"`
	Features       []string       `json:"features"`
	Cache          Cache          `json:"cache"`
	Blocking       []GemmBlocking `json:"blocking"`
	GOOS           string         `json:"goos"`
	GOARCH         string         `json:"goarch"`
	Go             string         `json:"go"`
	GOMAXPROCS     int            `json:"gomaxprocs"`
	ISA            string         `json:"isa"`
	ISAs           []string       `json:"isas"`
	Peers          []string       `json:"peers"`
	Version        string         `json:"version"`
	Commit         string         `json:"commit,omitempty"`
}

// Cache holds cache sizes in bytes and associativities, 0 where unknown.
type Cache struct {
	L1D     int `json:"l1d"`
	L1I     int `json:"l1i"`
	L2      int `json:"l2"`
	L3      int `json:"l3"`
	L1DWays int `json:"l1d_ways"`
	L2Ways  int `json:"l2_ways"`
	L3Ways  int `json:"l3_ways"`
}

// GemmBlocking is the cache blocking of the tier's Gemm for one element
// type (kernels.GemmBlocking).
type GemmBlocking struct {
	Dtype  string `json:"dtype"`
	MR     int    `json:"mr"`
	NR     int    `json:"nr"`
	KC     int    `json:"kc"`
	MC     int    `json:"mc"`
	NC     int    `json:"nc"`
	Source string `json:"source"`
}

// Settings are the options of the run.
type Settings struct {
	Parts     []string `json:"parts"`
	Quick     bool     `json:"quick"`
	Threads   []int    `json:"threads"`
	Count     int      `json:"count"`
	Benchtime string   `json:"benchtime"`
	Seed      uint64   `json:"seed"`
	Out       string   `json:"out"`
}

// Peak is the measured FMA peak for a number of threads.
type Peak struct {
	Threads int     `json:"threads"`
	Known   bool    `json:"known"`
	Loop    string  `json:"loop,omitempty"`
	F32     float64 `json:"f32_gflops"`
	F64     float64 `json:"f64_gflops"`
}

// A Measurement is one kernel case measured with one implementation at one
// thread count: count runs, as the lines of results.txt.
type Measurement struct {
	Name    string  `json:"name"`
	Kernel  string  `json:"kernel"`
	Impl    string  `json:"impl"`
	ISA     string  `json:"isa"`
	Dtype   string  `json:"dtype"`
	Threads int     `json:"threads"`
	Shape   *Shape  `json:"shape,omitempty"`
	N       int     `json:"n,omitempty"`
	Rows    int     `json:"rows,omitempty"`
	Cols    int     `json:"cols,omitempty"`
	Flops   float64 `json:"flops,omitempty"`
	Bytes   int64   `json:"bytes,omitempty"`
	Runs    []Run   `json:"runs"`
}

// Shape is a GEMM's m×k·k×n and transposes ("NN", "TN", "NT" or "TT").
type Shape struct {
	M     int    `json:"m"`
	N     int    `json:"n"`
	K     int    `json:"k"`
	Trans string `json:"trans"`
}

// A Run is one line of results.txt: iters calls and the values measured.
type Run struct {
	Iters  int     `json:"iters"`
	Values []Value `json:"values"`
}

// A Value is a number and its unit.
type Value struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// Curve is a named series indexed by epoch, from the first.
type Curve struct {
	Name string    `json:"name"`
	Y    []float64 `json:"y"`
}

// FactoriseResults is the factorisation experiment.
type FactoriseResults struct {
	Data           string         `json:"data"`
	Rows           int            `json:"rows"`
	Cols           int            `json:"cols"`
	Rank           int            `json:"rank"`
	SingularValues []float64      `json:"singular_values"`
	SVDLoss        float64        `json:"svd_loss"`
	SVDMean        float64        `json:"svd_mean"`
	Runs           []FactoriseRun `json:"runs"`
	Divergence     string         `json:"divergence"`
	Curves         []Curve        `json:"curves"`
}

// FactoriseRun is one gradient-descent factorisation against the SVD.
type FactoriseRun struct {
	Dtype      string  `json:"dtype"`
	Reduction  string  `json:"reduction"`
	Epochs     int     `json:"epochs"`
	Seed       uint64  `json:"seed"`
	GDLoss     float64 `json:"gd_loss"`
	SVDLoss    float64 `json:"svd_loss"`
	GDMean     float64 `json:"gd_mean"`
	SVDMean    float64 `json:"svd_mean"`
	RelGap     float64 `json:"rel_gap"`
	MaxAngle   float64 `json:"max_angle"`
	NsPerEpoch float64 `json:"ns_per_epoch"`
}

// MLPResults is the MLP experiment.
type MLPResults struct {
	Iris      []MLPRun  `json:"iris"`
	IrisMeans []MLPMean `json:"iris_means"`
	Digits    Digits    `json:"digits"`
	Curves    []Curve   `json:"curves"`
}

// MLPRun is one training run.
type MLPRun struct {
	Dtype         string  `json:"dtype"`
	Variant       string  `json:"variant"`
	Hidden        []int   `json:"hidden"`
	LR            float64 `json:"lr"`
	Epochs        int     `json:"epochs"`
	Seed          uint64  `json:"seed"`
	Loss          float64 `json:"loss"`
	TrainAccuracy float64 `json:"train_accuracy"`
	ValidAccuracy float64 `json:"valid_accuracy"`
	NsPerEpoch    float64 `json:"ns_per_epoch"`
}

// MLPMean is the mean validation accuracy of the Iris runs of one variant
// and learning rate over the seeds.
type MLPMean struct {
	Variant       string  `json:"variant"`
	LR            float64 `json:"lr"`
	ValidAccuracy float64 `json:"valid_accuracy"`
}

// Digits is the digits MLP's run and its confusion matrix on the
// validation split: Confusion[i][j] counts digits of class i predicted as
// class j.
type Digits struct {
	Run       MLPRun   `json:"run"`
	Classes   []string `json:"classes"`
	Confusion [][]int  `json:"confusion"`
}

// Package benchdata provides small labelled data sets for tests and
// benchmarks, readers for their CSV formats, stratified train/validation
// splits and column standardization.
//
// # Data sets
//
// Two data sets are embedded in the package; each call to [Iris] or [Digits]
// parses the embedded file and returns a new [Dataset] that the caller may
// modify freely.
//
//   - Iris: Fisher's Iris data, 150 rows of 4 measurements in cm
//     (sepal length, sepal width, petal length, petal width), 50 rows of
//     each of the classes setosa, versicolor and virginica.
//   - Digits: the test part of the UCI Optical Recognition of Handwritten
//     Digits data, 1797 rows of 64 pixel counts (an 8×8 image, row by row,
//     each pixel 0..16), classes "0" to "9".
//
// # Provenance
//
// The files come unchanged from the Debian package python3-sklearn
// 1.2.1+dfsg-1 (scikit-learn's sklearn/datasets directory); data/README.md
// records their origin, licence notes and SHA-256 checksums, which the tests
// verify. The Iris values are Fisher's own, as in R's iris and scikit-learn,
// not those of UCI's iris.data, which differs in two points (data rows 35
// and 38). The descriptions shipped with the files are available in
// [Dataset.Description].
//
// # Formats
//
// The Iris file, read by [ReadIris], starts with a line that is not a
// column header but gives the number of samples, the number of features and
// the class names in label order:
//
//	150,4,setosa,versicolor,virginica
//	5.1,3.5,1.4,0.2,0
//	...
//
// Each following line holds the four features and an integer label. The
// Digits file, read by [ReadDigits], has no header line; each line holds 64
// integer pixel counts followed by the digit. Both readers accept plain or
// gzip-compressed input, validate every field and report problems as a
// [*ParseError] naming the file, line and field.
//
// # Splits and scaling
//
// The Iris rows are sorted by class, so a fixed 100/50 split of the file
// order would leave virginica out of training entirely. [StratifiedSplit]
// draws the same proportion of every class, reproducibly for a given seed.
// [FitStandardizer] computes column statistics on a training set, and
// [Standardizer.Transform] applies them to any set with the same columns.
package benchdata

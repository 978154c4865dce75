package extract

import "io"

var errEOF = io.EOF

//go:build !linux

package loop

// uvErrors is empty off Linux: Node's errno numbers there differ from
// Linux's, and the library is built and tested on Linux. Errors still carry
// codes set explicitly (NewError, SystemErrorInfo.Code); system errors get
// the code "UNKNOWN".
var uvErrors []uvError

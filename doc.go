// Package loop brings Node.js's asynchronous programming model to Go.
package loop

package simnet_test

import (
	"fmt"
	"io"
	"net/http"

	"ogi/internal/simnet"
)

// A client reaches every portal through the network's dialer; URLs keep
// their real shape.
func Example() {
	n, err := simnet.Start(simnet.Config{Seed: 1, Portals: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer n.Close()
	hc := &http.Client{Transport: n.Transport()}
	p := n.Portals()[0]
	for _, u := range []string{"http://" + p.Host + "/robots.txt", p.ListURL} {
		resp, err := hc.Get(u)
		if err != nil {
			fmt.Println(err)
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		fmt.Println(u, resp.Status)
	}
	e := n.Expected()[0]
	fmt.Println(e.Year, e.Template, e.Kind, e.Figures.Applications["new_received"]["total"])
	fmt.Println(len(n.Violations()), "violations")
	// Output:
	// http://www.d371623.gov.cn/robots.txt 200 OK
	// http://www.d371623.gov.cn/zfxxgk/xxgknb/index.html 200 OK
	// 2025 2021 department 4
	// 0 violations
}

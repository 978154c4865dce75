// Package deploy holds the files that run ogi's nightly crawl on a cluster
// (deploy/slurm: a Slurm array of crawl shards and the build that merges
// them; deploy/k8s: a Kubernetes Indexed Job, the merge Job, and CronJobs
// for the nightly run; the image is the repository's Dockerfile). Its tests
// check them offline: the manifests parse and agree with each other and
// with the variables and flags ogi reads, the batch scripts pass bash -n,
// the Dockerfile builds what exists.
package deploy

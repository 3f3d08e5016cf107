module github.com/liaison-project/liaison

go 1.26.8

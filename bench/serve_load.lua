-- wrk's request for `make bench-serve`: one Seldon payload (a row of datasets/requests_v1.csv
-- without its id, so each request is numbered by the log), POSTed on every connection.
wrk.method = "POST"
wrk.path = "/api/v1.0/predictions"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"data":{"names":["age","workclass","fnlwgt","education","education-num","marital-status",'
    .. '"occupation","relationship","race","sex","capital-gain","capital-loss","hours-per-week","native-country"],'
    .. '"ndarray":[[26,"Private",166905,"HS-grad",9,"Married-spouse-absent","Other-service","Not-in-family",'
    .. '"White","Male",0,0,40,"Germany"]]}}'

-- Any answer but 200 is counted by wrk as a non-2xx response and printed.

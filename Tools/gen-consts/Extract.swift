// `gen-consts extract`: kernel headers -> ABI tables. (Being written; see issue 2.)

func extract(arguments: [String]) throws(TableError) {
    throw TableError(description: "extract: not available in this build yet")
}

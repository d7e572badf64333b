print("as written")

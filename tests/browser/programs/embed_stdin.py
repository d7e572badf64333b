name = input("Name? ")
count = int(input())
print(f"hello {name}, " * count)
try:
    input()
except EOFError:
    print("end of input")

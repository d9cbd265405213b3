# Record every text a unit test binary hands to vsw_config_parse() (seeds for the config
# fuzzers; see tests/fuzz/seeds.py). Works on a build without debug info: the arguments are
# read from the registers at the function's first instruction (x86-64 System V).
#   HARVEST_DIR=/tmp/h gdb -q -batch -x tests/fuzz/harvest.gdb build/tests/test_config
python
import os
import gdb

out = os.environ["HARVEST_DIR"]
count = [0]


class Parse(gdb.Breakpoint):
    def stop(self):
        name = gdb.parse_and_eval("(const char *)$rdi").string()
        text = int(gdb.parse_and_eval("(unsigned long)$rsi"))
        size = int(gdb.parse_and_eval("(unsigned long)$rdx"))
        data = bytes(gdb.selected_inferior().read_memory(text, size)) if size else b""
        tag = "".join(c if c.isalnum() or c in "._" else "_" for c in name)[:40]
        with open(f"{out}/{count[0]:05d}-{tag}", "wb") as f:
            f.write(data)
        count[0] += 1
        return False


Parse("*vsw_config_parse", internal=True)
end
run

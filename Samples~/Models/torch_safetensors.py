"""Save and load a torch nn.Sequential as safetensors with torch alone (no `safetensors` package).

The format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON
{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ..., "__metadata__": {...}}, then the raw
little-endian row-major bytes. Keys are the state_dict's ("0.weight", "0.bias", "2.weight", ...), which is what
GdEngine's `Safetensors.LoadMlp(file, MlpArchitecture.Parse("2-8-8-2 tanh"))` and `./gdengine hessian --model` read.

    import torch, torch_safetensors
    model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2))
    torch_safetensors.save_file(model.state_dict(), "model.safetensors", {"arch": "2-8-2 tanh"})
    model.load_state_dict(torch_safetensors.load_file("model.safetensors"))

Run as a script to export a small demo model:  /usr/bin/python3 torch_safetensors.py out.safetensors
"""
import json
import struct
import sys

import torch

_DTYPES = {torch.float32: ("F32", 4), torch.float64: ("F64", 8), torch.int64: ("I64", 8)}
_BY_NAME = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64}


def save_file(tensors, path, metadata=None):
    header, blobs, at = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        if t.dtype not in _DTYPES:
            raise ValueError(f"{name}: dtype {t.dtype} not supported (float32, float64, int64)")
        tag, size = _DTYPES[t.dtype]
        data = t.detach().cpu().contiguous().numpy().tobytes()  # little-endian hosts (x86, ARM)
        header[name] = {"dtype": tag, "shape": list(t.shape), "data_offsets": [at, at + len(data)]}
        blobs.append(data)
        at += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # align the data to 8 bytes, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load_file(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    header.pop("__metadata__", None)
    out = {}
    for name, spec in header.items():
        b, e = spec["data_offsets"]
        buf = bytearray(raw[8 + n + b:8 + n + e])
        out[name] = torch.frombuffer(buf, dtype=_BY_NAME[spec["dtype"]]).reshape(spec["shape"]).clone() if e > b \
            else torch.zeros(spec["shape"], dtype=_BY_NAME[spec["dtype"]])
    return out


if __name__ == "__main__":
    torch.manual_seed(0)
    demo = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2))
    save_file(demo.state_dict(), sys.argv[1] if len(sys.argv) > 1 else "model.safetensors", {"arch": "2-8-8-2 tanh"})

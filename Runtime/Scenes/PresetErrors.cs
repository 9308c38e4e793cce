using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Scenes
{
    /// <summary>One problem in a preset file: the file, the JSON path (or line/column for syntax errors) and what was expected.</summary>
    public sealed class PresetError
    {
        public PresetError(string file, string path, int line, int column, string message)
        {
            File = file; Path = path; Line = line; Column = column; Message = message;
        }

        public string File { get; }
        /// <summary>JSON path ("optimizers[2].lr"), or null for a syntax error.</summary>
        public string Path { get; }
        public int Line { get; }
        public int Column { get; }
        public string Message { get; }

        /// <summary>"scenes/race.json: optimizers[2].lr: expected a positive number, got "fast"" or
        /// "scenes/race.json: line 7, column 12: unexpected '}'".</summary>
        public override string ToString() =>
            Path == null ? $"{File}: line {Line}, column {Column}: {Message}"
                         : $"{File}: {(Path.Length == 0 ? "(root)" : Path)}: {Message}";
    }

    /// <summary>A preset that did not load; <see cref="Errors"/> lists every problem found (one per line in the message).</summary>
    public sealed class PresetException : Exception
    {
        public PresetException(IReadOnlyList<PresetError> errors)
            : base(string.Join("\n", errors.Select(e => e.ToString())))
        {
            Errors = errors;
        }

        public IReadOnlyList<PresetError> Errors { get; }
    }
}

using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using TrustScore.Training;
using static TorchSharp.torch;

namespace TrustScore.Bench.Torch;

/// <summary>The TorchSharp peer: the same model, loss, optimizer and batch size as our trainer.</summary>
internal static class TorchPeer
{
    public static List<double> Run(TrainingData train, TrainingData validation, int threads, int epochs)
    {
        torch.set_num_threads(threads);
        torch.manual_seed(42);
        int[] widths = [512, 256, 128, 64];
        var modules = new List<(string, torch.nn.Module<Tensor, Tensor>)>();
        var kernels = new List<Tensor>();
        long d = 768;
        for (int l = 0; l < widths.Length; l++)
        {
            var linear = torch.nn.Linear(d, widths[l]);
            kernels.Add(linear.weight!);
            modules.Add(($"dense{l}", linear));
            // Keras momentum 0.99 = PyTorch momentum 0.01.
            modules.Add(($"bn{l}", torch.nn.BatchNorm1d(widths[l], eps: 1e-3, momentum: 0.01)));
            modules.Add(($"relu{l}", torch.nn.ReLU()));
            modules.Add(($"drop{l}", torch.nn.Dropout(0.3)));
            d = widths[l];
        }

        modules.Add(("out", torch.nn.Linear(d, 1)));
        modules.Add(("sigmoid", torch.nn.Sigmoid()));
        var model = torch.nn.Sequential(modules);
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-7);
        var x = torch.tensor(train.Features.ToArray(), [train.Count, 768]);
        var y = torch.tensor(train.Labels.ToArray(), [train.Count, 1]);
        var vx = torch.tensor(validation.Features.ToArray(), [validation.Count, 768]);
        var vy = torch.tensor(validation.Labels.ToArray(), [validation.Count, 1]);
        var rates = new List<double>();
        var times = new List<string>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            model.train();
            using (var scope = torch.NewDisposeScope())
            {
                var order = torch.randperm(train.Count);
                for (long start = 0; start < train.Count; start += 64)
                {
                    using var step = torch.NewDisposeScope();
                    long rows = Math.Min(64, train.Count - start);
                    var index = order.narrow(0, start, rows);
                    var xb = x.index_select(0, index);
                    var yb = y.index_select(0, index);
                    optimizer.zero_grad();
                    var prediction = model.forward(xb) * 100f;
                    var loss = torch.nn.functional.mse_loss(prediction, yb);
                    foreach (var k in kernels)
                    {
                        loss = loss + (k.square().sum() * 0.01f);
                    }

                    loss.backward();
                    optimizer.step();
                }
            }

            model.eval();
            using (torch.no_grad())
            using (var scope = torch.NewDisposeScope())
            {
                var validationLoss = torch.nn.functional.mse_loss(model.forward(vx) * 100f, vy).item<float>();
                _ = validationLoss;
            }

            double seconds = clock.Elapsed.TotalSeconds;
            times.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00}s"));
            if (epoch > 0)
            {
                rates.Add(train.Count / seconds);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"torchsharp: median {Harness.Median(rates):0}, best {rates.Max():0} samples/s (epochs: {string.Join(", ", times)})"));
        return rates;
    }
}

//! Where the model runs: the CPU (the default, and what the tests use) or a CUDA GPU through
//! ONNX Runtime's CUDA execution provider.

use std::fmt;
use std::str::FromStr;

/// The device ONNX Runtime runs the model on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Device {
    #[default]
    Cpu,
    /// A CUDA GPU by its index. Needs an ONNX Runtime library built with CUDA (the
    /// `onnxruntime-gpu` wheel's), passed as the runtime, and CUDA 13 and cuDNN 9 installed.
    Cuda { id: i32 },
}

impl FromStr for Device {
    type Err = String;

    /// `cpu`, `cuda` (GPU 0) or `cuda:N`.
    fn from_str(s: &str) -> Result<Device, String> {
        let bad = || format!("unknown device `{s}`: expected cpu, cuda or cuda:N");
        match s.to_ascii_lowercase().as_str() {
            "cpu" => Ok(Device::Cpu),
            "cuda" => Ok(Device::Cuda { id: 0 }),
            other => match other.strip_prefix("cuda:").map(str::parse::<i32>) {
                Some(Ok(id)) if id >= 0 => Ok(Device::Cuda { id }),
                _ => Err(bad()),
            },
        }
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Device::Cpu => f.write_str("cpu"),
            Device::Cuda { id } => write!(f, "cuda:{id}"),
        }
    }
}

// In run.json as its command-line spelling.
impl serde::Serialize for Device {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Device {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Device, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_parse_and_print_back() {
        for (s, d) in [
            ("cpu", Device::Cpu),
            ("CUDA", Device::Cuda { id: 0 }),
            ("cuda:1", Device::Cuda { id: 1 }),
        ] {
            assert_eq!(s.parse::<Device>(), Ok(d));
            assert_eq!(d.to_string().parse::<Device>(), Ok(d));
        }
        for s in ["gpu", "cuda:", "cuda:-1", "cuda:x", ""] {
            assert!(s
                .parse::<Device>()
                .unwrap_err()
                .contains("cpu, cuda or cuda:N"));
        }
    }
}

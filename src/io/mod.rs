//! Reading and writing files. Loading yields a whole valid map or an error naming the file and
//! the place; every write is atomic.

pub mod atomic;
pub mod json;
mod pretty;

pub use atomic::{WriteError, backup_path, write_atomic};
pub use json::{
    FORMAT, FORMAT_VERSION, LoadError, MAX_FILE_BYTES, load_map, load_map_warning, map_and_warnings_from_bytes,
    map_from_bytes, map_to_bytes, save_map,
};

fn main() {
    println!("newslint: CLI under construction");
}
